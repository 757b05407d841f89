// uses: hv/vm/config.c hv/vm/xldisk.c hv/vm/xlvif.c hv/vm/place.c hv/lib/fmt.c
/* libFuzzer: the xl.cfg parser (a user's or a control VM's input). */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "vmconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vm_config cfg;
    char err[200];
    if (vmconfig_parse((const char *)data, size, "fuzz.cfg", &cfg, err, sizeof(err)) == 0) {
        /* a parsed config is always terminated and in range */
        if (!memchr(cfg.name, 0, sizeof(cfg.name)) || !memchr(cfg.kernel, 0, sizeof(cfg.kernel)) ||
            !memchr(cfg.extra, 0, sizeof(cfg.extra)) || !cfg.name[0] || !cfg.kernel[0] ||
            cfg.memory_mb < 2 || cfg.memory_mb > VM_MAX_MEMORY_MB || cfg.vcpus < 1 || cfg.vcpus > VM_MAX_VCPUS)
            __builtin_trap();
    } else if (!memchr(err, 0, sizeof(err)) || !err[0]) {
        __builtin_trap();           /* every error says what is wrong */
    }
    return 0;
}
