#include "app/cli/cli.h"

int main(int argc, char **argv)
{
    return dplab::runCli(argc, argv);
}
