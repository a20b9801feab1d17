#include "app/export/outputfiles.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace dplab {

std::string writeFileAtomically(const std::string &path,
                                const std::function<void(std::ostream &)> &write)
{
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            return "cannot create " + tmp + ": " + std::strerror(errno);
        write(out);
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            return "cannot write " + tmp + ": " + std::strerror(errno);
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        return "cannot replace " + path + ": " + why;
    }
    return {};
}

std::string makeDirectories(const std::string &path)
{
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
        return "cannot create folder " + path + ": " + ec.message();
    return {};
}

} // namespace dplab
