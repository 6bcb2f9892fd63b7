import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  type JetStreamManager,
  NatsError,
  nanos,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from "nats";
import type { ConsumeSettings } from "./consume-settings.js";
import { BusError } from "./errors.js";

/** The stream a JetStream bus publishes into. */
export interface StreamSettings {
  name: string;
  subjects: string[];
  duplicateWindowMs: number | undefined;
}

/**
 * Creates the stream, or widens an existing one to also cover our subjects (another deployment may
 * have added more; we never remove any). Limits retention, so every durable sees every message.
 */
export async function ensureStream(jsm: JetStreamManager, stream: StreamSettings): Promise<void> {
  const wanted: Partial<StreamConfig> = {
    name: stream.name,
    subjects: stream.subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    ...(stream.duplicateWindowMs === undefined ? {} : { duplicate_window: nanos(stream.duplicateWindowMs) }),
  };
  try {
    try {
      await jsm.streams.add(wanted);
      return;
    } catch (error) {
      // 10058: the name is in use with another config (the server accepts an identical re-add).
      if (!(error instanceof NatsError && error.api_error?.err_code === 10058)) throw error;
    }
    const { config } = await jsm.streams.info(stream.name);
    const subjects = [...new Set([...(config.subjects ?? []), ...stream.subjects])];
    const windowChanged =
      wanted.duplicate_window !== undefined && wanted.duplicate_window !== config.duplicate_window;
    if (subjects.length === (config.subjects ?? []).length && !windowChanged) return;
    await jsm.streams.update(stream.name, {
      ...config,
      subjects,
      ...(windowChanged ? { duplicate_window: wanted.duplicate_window } : {}),
    });
  } catch (error) {
    throw new BusError("STREAM_SETUP_FAILED", `cannot set up stream ${stream.name}: ${text(error)}`, {
      cause: error,
    });
  }
}

/**
 * Creates or updates the durable pull consumer (the server's add is create-or-update for a durable
 * name). One filter subject uses `filter_subject`, which every 2.9+ server knows; several need 2.10.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  settings: ConsumeSettings,
): Promise<void> {
  const config: Partial<ConsumerConfig> = {
    durable_name: settings.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(settings.ackWaitMs),
    max_deliver: settings.maxDeliver,
    ...(settings.subjects.length === 1
      ? { filter_subject: settings.subjects[0]! }
      : { filter_subjects: settings.subjects }),
  };
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    throw new BusError(
      "CONSUMER_SETUP_FAILED",
      `cannot set up consumer ${settings.durable} on ${stream}: ${text(error)}`,
      { cause: error },
    );
  }
}

/** An error's message, for wrapping it. */
export function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
