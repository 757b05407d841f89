/* ELF32/ELF64 program loading into guest memory, shared by the multiboot
 * and PVH loaders. Pure. */
#ifndef HV_ELFLOAD_H
#define HV_ELFLOAD_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "mbload.h"

struct elf_info {
    uint64_t entry, lo, hi;     /* e_entry; loaded guest-physical range */
    bool is64;
};

/* NULL when [gpa, gpa+len) may hold guest data, else why not. */
const char *guest_range_bad(const struct guest_mem *gm, uint64_t gpa, uint64_t len);
/* Loads every PT_LOAD at its p_paddr, zeroes bss; checks every field it uses. */
int elf_load(const uint8_t *img, size_t len, struct guest_mem *gm, struct elf_info *ei,
             char *err, size_t errlen);
/* Finds an ELF note by owner name and type; returns its descriptor or NULL. */
const uint8_t *elf_find_note(const uint8_t *img, size_t len, const char *owner, uint32_t type,
                             uint32_t *desc_len);

#endif
