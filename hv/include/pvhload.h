/* PVH direct boot (Xen's x86 HVM direct-boot ABI, as QEMU and Firecracker use
 * it): the kernel ELF's XEN_ELFNOTE_PHYS32_ENTRY note gives a 32-bit flat
 * entry; EBX points to an hvm_start_info with command line, modules (the
 * initrd), RSDP and memory map. Pure. */
#ifndef HV_PVHLOAD_H
#define HV_PVHLOAD_H
#include "mbload.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC 0x336ec578u

/* Fixed guest-physical places (below 640 KiB, clear of page 0). */
#define PVH_START_INFO 0x7000u
#define PVH_CMDLINE    0x8000u
#define PVH_CMDLINE_MAX 0x1000u

struct pvh_result {
    uint32_t entry, start_info;
    uint64_t kernel_lo, kernel_hi, initrd, initrd_len;
};

/* Has a PHYS32 entry note? */
int pvh_probe(const uint8_t *img, size_t len);
int pvh_load(const uint8_t *img, size_t len, struct guest_mem *gm, const char *cmdline,
             const uint8_t *initrd, size_t initrd_len, uint64_t rsdp,
             struct pvh_result *r, char *err, size_t errlen);

#endif
