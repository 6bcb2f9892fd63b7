export { type ApplyPatchOptions, applyPatchToTree } from "./apply-patch.js";
export { type ReadBlobsOptions, readBlobs } from "./blobs.js";
export { resolveCommit } from "./commits.js";
export { exportTree } from "./export-tree.js";
export { GitError, GitErrorCode } from "./git-error.js";
export { type EnsureMirrorOptions, ensureMirror, type Mirror, mirrorDirName } from "./mirror.js";
export { type PatchFile, type PatchFileStatus, type PatchHunk, parsePatch } from "./parse-patch.js";
export { listTree, type TreeEntry, type TreeMode } from "./tree.js";
