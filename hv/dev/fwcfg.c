/* QEMU's fw_cfg, legacy I/O interface: selector at 0x510, data at 0x511.
 * Enough for test kernels: signature, ID, RAM size, CPU count, command line. */
#include "vm.h"
#include "iobus.h"
#include <string.h>

#define FW_SIGNATURE 0x00
#define FW_ID 0x01
#define FW_RAM_SIZE 0x03
#define FW_NB_CPUS 0x05
#define FW_MAX_CPUS 0x0f
#define FW_CMDLINE_SIZE 0x14
#define FW_CMDLINE_DATA 0x15
#define FW_FILE_DIR 0x19

/* Byte `off` of item `sel`; -1 past its end. */
static int item_byte(struct vm *vm, uint16_t sel, uint32_t off)
{
    uint8_t b[8];
    uint32_t n;
    uint64_t v64;
    switch (sel) {
    case FW_SIGNATURE: memcpy(b, "QEMU", 4); n = 4; break;
    case FW_ID: v64 = 1; memcpy(b, &v64, 4); n = 4; break;
    case FW_RAM_SIZE: v64 = vm->mem_size; memcpy(b, &v64, 8); n = 8; break;
    case FW_NB_CPUS: case FW_MAX_CPUS: v64 = vm->nvcpus; memcpy(b, &v64, 2); n = 2; break;
    case FW_CMDLINE_SIZE: v64 = strlen(vm->cfg.extra) + 1; memcpy(b, &v64, 4); n = 4; break;
    case FW_CMDLINE_DATA: {
        uint32_t len = strlen(vm->cfg.extra) + 1;
        return off < len ? (uint8_t)vm->cfg.extra[off] : -1;
    }
    case FW_FILE_DIR: memset(b, 0, 4); n = 4; break;    /* no files */
    default: return -1;
    }
    return off < n ? b[off] : -1;
}

static void fwcfg_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)v;
    struct vm *vm = dev;
    struct fwcfg *f = &vm->dev.fwcfg;
    bool in = !write;
    if (off == 0) {
        if (in) {
            *val = f->sel;
        } else if (size == 2 || size == 4) {
            f->sel = (uint16_t)*val;
            f->off = 0;
        }
        return;
    }
    if (!in)
        return;
    uint32_t r = 0;
    for (unsigned i = 0; i < size; i++) {
        int b = item_byte(vm, f->sel, f->off);
        if (b >= 0)
            f->off++;
        r |= (uint32_t)(b < 0 ? 0 : b) << (8 * i);
    }
    *val = r;
}

void dev_fwcfg_init(struct vm *vm)
{
    iobus_register(&vm->bus, IOBUS_PIO, 0x510, 2, fwcfg_io, vm, "fw_cfg");
}
