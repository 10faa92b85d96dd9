// tft: the Temporal Fusion Transformer command line.
#include "cli/tft_app.h"

int main(int argc, char** argv) { return gradaudit::cli::run_tft(argc, argv); }
