/* Registering device ranges on a VM's bus; see iobus.h. */
#include "iobus.h"
#include "iorange.h"
#include "fmt.h"

static const char *const space_names[] = { "I/O ports", "MMIO" };

static int fail(struct iobus *bus, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct iobus *bus, const char *fmt, ...)
{
    if (!bus->err[0]) {
        va_list ap;
        va_start(ap, fmt);
        hv_vsnprintf(bus->err, sizeof(bus->err), fmt, ap);
        va_end(ap);
    }
    return -1;
}

int iobus_register(struct iobus *bus, enum iobus_space sp, uint64_t base, uint64_t len,
                   iobus_fn *fn, void *dev, const char *name)
{
    const char *what = space_names[sp == IOBUS_MMIO];
    unsigned long long lo = base, hi = base + len - 1;
    if (bus->frozen)
        return fail(bus, "device '%s': %s 0x%llx-0x%llx added after the VM started", name, what, lo, hi);
    if (sp == IOBUS_PIO && (base > 0xffff || len > 0x10000 - base))
        return fail(bus, "device '%s': I/O ports 0x%llx (+0x%llx) lie past port 0xffff", name, lo,
                    (unsigned long long)len);
    if (sp == IOBUS_MMIO && len && base < bus->ram_top)
        return fail(bus, "device '%s': MMIO 0x%llx-0x%llx lies in guest RAM", name, lo, hi);
    struct iobus_region *tab = sp == IOBUS_PIO ? bus->pio : bus->mmio;
    unsigned *n = sp == IOBUS_PIO ? &bus->npio : &bus->nmmio;
    unsigned max = sp == IOBUS_PIO ? IOBUS_MAX_PIO : IOBUS_MAX_MMIO;
    struct io_range r[IOBUS_MAX_PIO > IOBUS_MAX_MMIO ? IOBUS_MAX_PIO : IOBUS_MAX_MMIO];
    for (unsigned i = 0; i < *n; i++)
        r[i] = (struct io_range){ tab[i].base, tab[i].len };
    unsigned w = 0;
    switch (iorange_fit(r, *n, max, base, len, &w)) {
    case IORANGE_OK:
        tab[(*n)++] = (struct iobus_region){ base, len, fn, dev, name, 0, 0, 0 };
        return 0;
    case IORANGE_OVERLAP:
        return fail(bus, "device '%s': %s 0x%llx-0x%llx overlap 0x%llx-0x%llx of device '%s'", name, what,
                    lo, hi, (unsigned long long)tab[w].base,
                    (unsigned long long)(tab[w].base + tab[w].len - 1), tab[w].name);
    case IORANGE_FULL:
        return fail(bus, "device '%s': %s 0x%llx-0x%llx: the table is full (%u ranges)", name, what, lo, hi,
                    max);
    default:
        return fail(bus, "device '%s': %s at 0x%llx: empty range", name, what, lo);
    }
}

void iobus_freeze(struct iobus *bus)
{
    bus->frozen = true;
}

/* The region itself is the device pointer of a serialized range. */
static void locked_call(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    const struct iobus_region *r = dev;
    spin_lock(r->lock);
    r->inner(r->inner_dev, v, off, size, write, val);
    spin_unlock(r->lock);
}

static void serialize(struct iobus_region *tab, unsigned n, struct spinlock *lock, iobus_fn *except)
{
    for (unsigned i = 0; i < n; i++) {
        struct iobus_region *r = &tab[i];
        if (r->fn == except || r->fn == locked_call)
            continue;
        r->inner = r->fn;
        r->inner_dev = r->dev;
        r->lock = lock;
        r->dev = r;
        r->fn = locked_call;
    }
}

void iobus_serialize(struct iobus *bus, struct spinlock *lock, iobus_fn *except)
{
    serialize(bus->pio, bus->npio, lock, except);
    serialize(bus->mmio, bus->nmmio, lock, except);
}
