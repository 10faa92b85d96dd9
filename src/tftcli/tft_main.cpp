// tft: the Temporal Fusion Transformer command line.
#include "tftcli/tft_app.h"

int main(int argc, char** argv) { return gradaudit::tftcli::run_tft(argc, argv); }
