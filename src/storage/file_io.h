// Small POSIX file helpers shared by FileStorage's files (the events file, its index, its
// checkpoint). Errors are Io errors naming the file and what to do.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace es {

// The whole file behind `fd`, read with pread from offset 0.
Result<std::string> read_whole_file(int fd, const std::string& path);
// `length` bytes at `offset`; an Io error when the file is shorter.
Result<std::string> read_range(int fd, const std::string& path, uint64_t offset, uint64_t length);
// The whole file at `path`; NotFound when it does not exist.
Result<std::string> read_file_at(const std::string& path);
// Replaces the file at `path` with `bytes` (written to `path + ".tmp"`, then renamed over it),
// so a reader sees the old file or the new one, never a part. Not synced: for derived files.
Status replace_file(const std::string& path, const std::string& bytes);

}  // namespace es
