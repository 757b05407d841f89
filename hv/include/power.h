/* Machine power-off: ACPI S5 from the host's FADT, then emulator ports (hv/arch/power.c). */
#ifndef HV_POWER_H
#define HV_POWER_H
#include <stdint.h>

/* The RSDP the boot loader passed (NULL: scan the BIOS area). */
void power_set_rsdp(const uint8_t *rsdp, unsigned len);
__attribute__((noreturn)) void machine_poweroff(void);

#endif
