// Small POSIX file helpers shared by FileStorage's files (see file_io.h).
#include "storage/file_io.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace es {

Result<std::string> read_whole_file(int fd, const std::string& path) {
    // Straight into the string (no bounce buffer): sized by fstat, grown if the file grew.
    std::string data;
    struct stat st;
    data.resize(::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0);
    size_t done = 0;
    for (;;) {
        if (done == data.size()) data.resize(data.size() + 64 * 1024);
        const ssize_t n = ::pread(fd, &data[done], data.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            return make_error(ErrorCode::Io, "cannot read store file " + path + ": " +
                                                 std::strerror(errno) + "; check the disk and retry");
        }
        if (n == 0) {
            data.resize(done);
            return data;
        }
        done += static_cast<size_t>(n);
    }
}

Result<std::string> read_range(int fd, const std::string& path, uint64_t offset, uint64_t length) {
    std::string out(static_cast<size_t>(length), '\0');
    uint64_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, &out[done], static_cast<size_t>(length - done), static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return make_error(ErrorCode::Io, "cannot read store file " + path + ": " + std::strerror(errno) + "; check the disk and retry");
        if (n == 0)
            return make_error(ErrorCode::Io, "store file " + path + " is shorter than expected (it was cut while open?)");
        done += static_cast<uint64_t>(n);
    }
    return out;
}

namespace {

int open_retrying(const std::string& path, int flags) {
    int fd;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

// An existing file opened read-only; NotFound when there is none.
Result<int> open_for_reading(const std::string& path) {
    const int fd = open_retrying(path, O_RDONLY);
    if (fd >= 0) return fd;
    const int err = errno;
    return make_error(err == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, "cannot open " + path + ": " + std::strerror(err));
}

// Writes all of `bytes` to `fd`, then closes it; 0 or the errno of the failure.
int write_and_close(int fd, const std::string& bytes) {
    size_t done = 0;
    int err = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            break;
        }
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    return err;
}

}  // namespace

Result<std::string> read_file_at(const std::string& path) {
    auto fd = open_for_reading(path);
    if (!fd.ok()) return fd.error();
    auto data = read_whole_file(*fd, path);
    ::close(*fd);
    return data;
}

Status replace_file(const std::string& path, const std::string& bytes) {
    const std::string tmp = path + ".tmp";
    const int fd = open_retrying(tmp, O_WRONLY | O_CREAT | O_TRUNC);
    if (fd < 0) return make_error(ErrorCode::Io, "cannot write " + tmp + ": " + std::strerror(errno));
    if (const int err = write_and_close(fd, bytes); err != 0) {
        ::unlink(tmp.c_str());
        return make_error(ErrorCode::Io, "cannot write " + tmp + ": " + std::strerror(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return make_error(ErrorCode::Io, "cannot replace " + path + ": " + std::strerror(err));
    }
    return ok_status();
}

Status append_file(const std::string& path, const std::string& bytes) {
    const int fd = open_retrying(path, O_WRONLY | O_APPEND);
    if (fd < 0) return make_error(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno));
    if (const int err = write_and_close(fd, bytes); err != 0)
        return make_error(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(err));
    return ok_status();
}

MappedFile::~MappedFile() {
    if (size_ > 0) ::munmap(const_cast<char*>(data_), size_);
}

Result<std::shared_ptr<const MappedFile>> map_file(const std::string& path) {
    auto opened = open_for_reading(path);
    if (!opened.ok()) return opened.error();
    const int fd = *opened;
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return make_error(ErrorCode::Io, "cannot read " + path + ": " + std::strerror(err));
    }
    auto mapped = std::shared_ptr<MappedFile>(new MappedFile());
    if (st.st_size > 0) {
        void* at = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (at == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            return make_error(ErrorCode::Io, "cannot read " + path + ": " + std::strerror(err));
        }
        mapped->data_ = static_cast<const char*>(at);
        mapped->size_ = static_cast<size_t>(st.st_size);
    }
    ::close(fd);  // the mapping stays
    return std::shared_ptr<const MappedFile>(std::move(mapped));
}

}  // namespace es
