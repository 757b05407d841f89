/* Machine power-off: ACPI S5 from the host's FADT, then emulator ports (hv/arch/power.c). */
#ifndef HV_POWER_H
#define HV_POWER_H
#include <stdint.h>

__attribute__((noreturn)) void machine_poweroff(void);

#endif
