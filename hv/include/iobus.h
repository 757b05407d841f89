/* A VM's I/O bus (hv/io/iobus.c): port and MMIO ranges, each with the
 * device's own pointer and a handler that gets offsets into its range.
 * Overlaps, empty ranges, MMIO over RAM and full tables are VM-creation
 * errors naming both devices; once the VM runs the bus is frozen, so the
 * exit path looks ranges up without a lock. Pure: host-tested. */
#ifndef HV_IOBUS_H
#define HV_IOBUS_H
#include <stdint.h>
#include <stdbool.h>
#include "spinlock.h"

struct vcpu;

enum iobus_space { IOBUS_PIO, IOBUS_MMIO };

/* size 1, 2, 4 (8 for MMIO); write: *val holds the value, else fill it. */
typedef void iobus_fn(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val);

struct iobus_region {
    uint64_t base, len;
    iobus_fn *fn;
    void *dev;
    const char *name;           /* the device, for messages */
    /* serialized (iobus_serialize): fn/dev call the device through these */
    iobus_fn *inner;
    void *inner_dev;
    struct spinlock *lock;
};

#define IOBUS_MAX_PIO 16
#define IOBUS_MAX_MMIO 16

struct iobus {
    struct iobus_region pio[IOBUS_MAX_PIO];
    struct iobus_region mmio[IOBUS_MAX_MMIO];
    unsigned npio, nmmio;
    uint64_t ram_top;           /* MMIO below it would shadow guest RAM */
    bool frozen;
    char err[160];              /* the first registration error: the VM is not created */
};

/* 0, or -1 with bus->err set (the first error is kept). */
int iobus_register(struct iobus *bus, enum iobus_space sp, uint64_t base, uint64_t len,
                   iobus_fn *fn, void *dev, const char *name);
void iobus_freeze(struct iobus *bus);
/* Every region except those whose handler is `except` (per-vCPU state,
 * like the LAPIC) is called with `lock` held from now on. For a VM whose
 * vCPUs run on several CPUs at once; other VMs' exits pay nothing. */
void iobus_serialize(struct iobus *bus, struct spinlock *lock, iobus_fn *except);

/* The region holding addr, or NULL. Ranges never overlap. */
static inline const struct iobus_region *iobus_find(const struct iobus *bus, enum iobus_space sp,
                                                    uint64_t addr)
{
    const struct iobus_region *r = sp == IOBUS_PIO ? bus->pio : bus->mmio;
    unsigned n = sp == IOBUS_PIO ? bus->npio : bus->nmmio;
    for (unsigned i = 0; i < n; i++)
        if (addr - r[i].base < r[i].len)
            return &r[i];
    return 0;
}

#endif
