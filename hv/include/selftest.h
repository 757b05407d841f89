#ifndef HV_SELFTEST_H
#define HV_SELFTEST_H
#include <stdbool.h>
#include <stdint.h>
/* Runs the named deliberate fault; false when the name is not a fault test. */
bool selftest_fault(const char *name);
#endif
