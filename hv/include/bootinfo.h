/* What the boot loader told us, in a loader-independent form. */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289u
#define MB1_BOOTLOADER_MAGIC 0x2badb002u

#define BI_MAX_MMAP 128
#define BI_MAX_MODS 16
#define BI_CMDLINE_MAX 512
#define BI_NAME_MAX 64

enum mem_type {
    MEM_AVAILABLE = 1,
    MEM_RESERVED = 2,
    MEM_ACPI_RECLAIM = 3,
    MEM_ACPI_NVS = 4,
    MEM_BAD = 5,
};

struct mem_region {
    uint64_t base, len;
    uint32_t type;
};

struct boot_module {
    uint64_t start, end;            /* physical, end exclusive */
    char name[BI_NAME_MAX];
};

struct boot_info {
    char cmdline[BI_CMDLINE_MAX];
    char loader[BI_NAME_MAX];
    struct mem_region mmap[BI_MAX_MMAP];
    unsigned nmmap;
    const char *mmap_source;        /* "multiboot2 mmap", "efi mmap" or "basic meminfo" */
    struct boot_module mods[BI_MAX_MODS];
    unsigned nmods;
    uint32_t mem_lower_kb, mem_upper_kb;
    uint8_t rsdp[36];               /* copy of the ACPI RSDP the loader found */
    unsigned rsdp_len;
    uint64_t efi_systab;            /* 0 when booted from BIOS */
    uint64_t info_phys, info_size;  /* the raw info, to keep it reserved */
};

/* Parse a multiboot2 information structure. `avail` is how many bytes may
 * be read at `info`. Returns 0, or -1 with a message naming the problem in
 * err (the info is then not to be trusted at all). */
int mb2_parse(const void *info, size_t avail, struct boot_info *bi,
              char *err, size_t errlen);

/* Name of a memory type, for the memory map printout. */
const char *mem_type_name(uint32_t type);

#endif
