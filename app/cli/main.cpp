#include "app/cli/cli.h"
#include "simulation/world/database.h"

int main(int argc, char **argv)
{
    dplab::configureSqliteForThreads();
    return dplab::runCli(argc, argv);
}
