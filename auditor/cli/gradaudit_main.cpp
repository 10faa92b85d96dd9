// gradaudit: trace and lint models for DistributedDataParallel failures.
#include "cli/gradaudit_app.h"

int main(int argc, char** argv) { return gradaudit::cli::run_gradaudit(argc, argv); }
