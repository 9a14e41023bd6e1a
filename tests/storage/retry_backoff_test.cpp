// When a failed operation is tried again (storage/retry_backoff.h): at once at first, then after
// 0.25 s, 0.5 s, 1 s... up to 8 s between tries while it keeps failing; a success starts over.
#include <doctest/doctest.h>

#include <vector>

#include "storage/retry_backoff.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::RetryBackoff;

TEST_CASE("a failing operation waits twice as long after each failure, up to 8 s, and a success starts over") {
    RetryBackoff backoff;
    double now = 1000.0;
    CHECK(backoff.ready(now));  // nothing failed yet: no wait
    std::vector<double> waits;
    for (int i = 0; i < 8; ++i) {
        backoff.failed(now);
        double waited = 0.0;
        while (!backoff.ready(now + waited)) waited += 1.0;  // one ms at a time, as frames would ask
        waits.push_back(waited);
        now += waited;
    }
    CHECK(waits == std::vector<double>{250, 500, 1000, 2000, 4000, 8000, 8000, 8000});

    backoff.succeeded();
    CHECK(backoff.ready(now));
    backoff.failed(now);
    CHECK_FALSE(backoff.ready(now + 249.0));
    CHECK(backoff.ready(now + 250.0));
}

}  // namespace ES_TEST_FILE_ID
