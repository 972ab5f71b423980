#pragma once

namespace livesnap {

// Routes FFmpeg's own log lines through the livesnap.capture category, with stream tokens
// masked (FFmpeg prints URLs it connects to). Installs once per process; safe to call often.
void installFfmpegLogHandler();

} // namespace livesnap
