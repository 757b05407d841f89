/* Multiboot v1 guest loader, as QEMU's -kernel does it. Pure: works on a
 * host buffer that stands for guest-physical memory from 0. */
#ifndef HV_MBLOAD_H
#define HV_MBLOAD_H
#include <stdint.h>
#include <stddef.h>

#define MB1_MAGIC_HEADER 0x1badb002u
#define MB1_MAGIC_EAX    0x2badb002u

struct guest_mem { uint8_t *hva; uint64_t size; };

struct mb1_result {
    uint32_t entry;                 /* EIP */
    uint32_t info;                  /* EBX */
    uint64_t kernel_lo, kernel_hi;  /* loaded range */
    uint64_t end;                   /* first byte past everything placed */
    const char *format;             /* "ELF32", "ELF64" or "a.out kludge" */
};

/* Guest-physical ranges that nothing may be loaded over. */
#define GUEST_BIOS_AREA_LO 0xe0000u   /* ACPI tables live here */
#define GUEST_BIOS_AREA_HI 0x100000u

int mb1_load(const uint8_t *img, size_t len, struct guest_mem *gm, const char *cmdline,
             const uint8_t *mod, size_t modlen, const char *modname,
             struct mb1_result *out, char *err, size_t errlen);

#endif
