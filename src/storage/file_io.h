// Small POSIX file helpers shared by FileStorage's files (the events file, its index, its
// checkpoint). Errors are Io errors naming the file and what to do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

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
// Appends `bytes` to the existing file at `path`. Not synced: for derived files.
Status append_file(const std::string& path, const std::string& bytes);

// A file mapped read-only into memory (its pages are read as they are touched, and shared with
// the page cache: no copy). The file must not be cut while mapped; FileStorage maps only its
// own derived files, under the events file's lock.
class MappedFile {
public:
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const { return {data_, size_}; }

private:
    MappedFile() = default;
    friend Result<std::shared_ptr<const MappedFile>> map_file(const std::string& path);
    const char* data_ = nullptr;
    size_t size_ = 0;
};
// The file at `path` mapped; NotFound when it does not exist.
Result<std::shared_ptr<const MappedFile>> map_file(const std::string& path);

}  // namespace es
