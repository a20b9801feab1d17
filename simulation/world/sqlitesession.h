#pragma once

// sqlite3.h with the session and preupdate-hook APIs declared. The target defines both macros;
// they are repeated here so that every includer sees the declarations whatever its flags.

#ifndef SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_SESSION
#endif
#ifndef SQLITE_ENABLE_PREUPDATE_HOOK
#define SQLITE_ENABLE_PREUPDATE_HOOK
#endif
#include <sqlite3.h>
