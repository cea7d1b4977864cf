// Where recordings go when the user does not say: the path every command
// that records or reads runs (run, runs, replay, resume) resolves alike.
#pragma once

#include <string>

#include "engine/core/status.h"

namespace kf::recorder {

// The recording to use: `flag` (--db) when non-empty; else $KUBEFLIGHT_DB
// when set and non-empty; else $XDG_STATE_HOME/kubeflight/runs.db when
// XDG_STATE_HOME is set and non-empty; else $HOME/.local/state/kubeflight/runs.db.
// FailedPrecondition when none applies (no HOME):
// "no recording path: pass --db FILE or set KUBEFLIGHT_DB".
Result<std::string> ResolveRecordingPath(const std::string& flag);

// Creates the directory that will hold `path` (and its parents) when
// missing. Internal on failure, naming the directory.
Status EnsureParentDirectory(const std::string& path);

}  // namespace kf::recorder
