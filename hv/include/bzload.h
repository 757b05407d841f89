/* Linux x86 boot protocol (Documentation/arch/x86/boot.rst) for bzImage
 * kernels: setup-header checks, the zero page, and the 32-bit protected-mode
 * entry with the GDT the protocol asks for. Pure. */
#ifndef HV_BZLOAD_H
#define HV_BZLOAD_H
#include "mbload.h"

#define BZ_ZERO_PAGE 0x7000u        /* struct boot_params */
#define BZ_CMDLINE   0x9000u
#define BZ_CMDLINE_MAX 0x1000u
#define BZ_GDT       0x6000u        /* __BOOT_CS = 0x10, __BOOT_DS = 0x18 */

struct bz_result {
    uint32_t entry, zero_page;
    uint64_t kernel_lo, kernel_hi, initrd;
    uint16_t version;
};

int bz_probe(const uint8_t *img, size_t len);   /* "HdrS" at 0x202 */
int bz_load(const uint8_t *img, size_t len, struct guest_mem *gm, const char *cmdline,
            const uint8_t *initrd, size_t initrd_len, uint64_t rsdp,
            struct bz_result *r, char *err, size_t errlen);

#endif
