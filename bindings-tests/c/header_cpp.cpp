// Only has to compile: the header is usable from C++ (extern "C" guards, typed enums).
#include "waflows.h"

int main() {
  waflows_result rc = WAFLOWS_RESULT_OK;
  const char *name = waflows_result_name(static_cast<uint32_t>(rc));
  return name == nullptr ? 1 : 0;
}
