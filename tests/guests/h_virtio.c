/* Hostile virtio driver (issue 12): finds its virtio-blk disks on the PCI bus
 * as an OS would, then breaks every rule a device must survive: notifications
 * before DRIVER_OK, queue sizes that are not powers of two, rings and buffers
 * outside its RAM, lengths that overflow, descriptor loops, avail indexes
 * that jump, requests with no status byte, sectors past the end, writes to a
 * read-only disk. Each must end in a failed request or DEVICE_NEEDS_RESET
 * (and a reset makes the device usable again); the VM itself lives on.
 * Disk 0 (rw) and disk 1 (ro) hold sector numbers: byte i of sector s is
 * (s + i) & 0xff (tests/integ/cases.sh makes them). */
#include "guest.h"

#define VQ 8
struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
static struct desc dtab[VQ] __attribute__((aligned(16)));
static struct { uint16_t flags, idx, ring[VQ], event; } avail __attribute__((aligned(4)));
static struct { uint16_t flags, idx; struct { uint32_t id, len; } ring[VQ]; uint16_t event; } used __attribute__((aligned(4)));
static struct { uint32_t type, reserved; uint64_t sector; } hdr;
static uint8_t data[4096] __attribute__((aligned(4096)));
static volatile uint8_t status;

struct dev { uint32_t common, notify, device, mult; uint8_t slot; };

static uint32_t cfg_read(uint8_t slot, uint8_t reg)
{
    outl(0xcf8, 0x80000000u | (uint32_t)slot << 11 | reg);
    return inl(0xcfc);
}

static void cfg_write(uint8_t slot, uint8_t reg, uint32_t v)
{
    outl(0xcf8, 0x80000000u | (uint32_t)slot << 11 | reg);
    outl(0xcfc, v);
}

static volatile uint8_t *c8(struct dev *d, unsigned off) { return (volatile uint8_t *)(d->common + off); }
static volatile uint16_t *c16(struct dev *d, unsigned off) { return (volatile uint16_t *)(d->common + off); }
static volatile uint32_t *c32(struct dev *d, unsigned off) { return (volatile uint32_t *)(d->common + off); }

/* The n-th device `id` (1af4:1042 virtio-blk, 1af4:1041 virtio-net) on bus 0, its
 * capabilities walked like a driver does. */
static bool find_id(uint32_t id, unsigned n, struct dev *d)
{
    for (uint8_t slot = 0; slot < 32; slot++) {
        if (cfg_read(slot, 0) != id || n--)
            continue;
        uint32_t bar = cfg_read(slot, 0x10) & ~0xfu;
        cfg_write(slot, 4, 6);                          /* memory space, bus master */
        d->slot = slot;
        for (uint8_t c = (uint8_t)cfg_read(slot, 0x34); c; c = (uint8_t)(cfg_read(slot, c) >> 8)) {
            uint32_t h = cfg_read(slot, c);
            if ((h & 0xff) != 9)
                continue;
            uint32_t off = cfg_read(slot, (uint8_t)(c + 8));
            switch ((h >> 24) & 0xff) {
            case 1: d->common = bar + off; break;
            case 2: d->notify = bar + off; d->mult = cfg_read(slot, (uint8_t)(c + 16)); break;
            case 4: d->device = bar + off; break;
            }
        }
        return d->common && d->notify && d->device;
    }
    return false;
}

static bool find(unsigned n, struct dev *d) { return find_id(0x10421af4, n, d); }

static uint8_t dev_status(struct dev *d) { return *c8(d, 0x14); }

/* Reset, negotiate VERSION_1 only, set queue `qi` up with `size` (rings as given), DRIVER_OK. */
static void setup_q(struct dev *d, uint16_t qi, uint16_t size, uint64_t desc_addr)
{
    *c8(d, 0x14) = 0;
    *c8(d, 0x14) = 1 | 2;
    *c32(d, 0x08) = 1;
    *c32(d, 0x0c) = 1;                                  /* VERSION_1 */
    *c32(d, 0x08) = 0;
    *c32(d, 0x0c) = 0;
    *c8(d, 0x14) = 1 | 2 | 8;
    *c16(d, 0x16) = qi;
    *c16(d, 0x18) = size;
    *c32(d, 0x20) = (uint32_t)desc_addr;
    *c32(d, 0x24) = (uint32_t)(desc_addr >> 32);
    *c32(d, 0x28) = (uint32_t)&avail;
    *c32(d, 0x2c) = 0;
    *c32(d, 0x30) = (uint32_t)&used;
    *c32(d, 0x34) = 0;
    for (unsigned i = 0; i < sizeof(avail); i++)
        ((volatile uint8_t *)&avail)[i] = 0;
    for (unsigned i = 0; i < sizeof(used); i++)
        ((volatile uint8_t *)&used)[i] = 0;
    *c16(d, 0x1c) = 1;
    *c8(d, 0x14) = 1 | 2 | 8 | 4;
}

static void setup(struct dev *d, uint16_t size, uint64_t desc_addr) { setup_q(d, 0, size, desc_addr); }

static void kick(struct dev *d) { *(volatile uint16_t *)d->notify = 0; }

/* One request: header, data (len bytes, device-writable for reads), status. */
static void request(struct dev *d, uint32_t type, uint64_t sector, uint64_t addr, uint32_t len)
{
    hdr.type = type;
    hdr.sector = sector;
    status = 0xee;
    dtab[0] = (struct desc){ (uint32_t)&hdr, 16, 1, 1 };
    dtab[1] = (struct desc){ addr, len, (uint16_t)(1 | (type == 1 ? 0 : 2)), 2 };
    dtab[2] = (struct desc){ (uint32_t)&status, 1, 2, 0 };
    avail.ring[avail.idx % VQ] = 0;
    __asm__ volatile("" ::: "memory");
    avail.idx++;
    kick(d);
}

static bool sector_ok(const uint8_t *p, uint32_t s)
{
    for (unsigned i = 0; i < 512; i++)
        if (p[i] != (uint8_t)(s + i))
            return false;
    return true;
}

#define NEEDS_RESET(d) ((dev_status(d) & 0x40) != 0)

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    struct dev d = { 0 }, ro = { 0 };
    bool found = find(0, &d) && find(1, &ro);
    check(found, "two-virtio-blk-found", "slots %u and %u", d.slot, ro.slot);
    uint32_t ram = 8u << 20;

    /* a notification before the driver is ready */
    *c8(&d, 0x14) = 0;
    kick(&d);
    check(NEEDS_RESET(&d), "notify-before-driver-ok", "status 0x%x", dev_status(&d));
    /* queue size 100 (not a power of two); then rings past RAM */
    setup(&d, 100, (uint32_t)dtab);
    check(NEEDS_RESET(&d) && !*c16(&d, 0x1c), "queue-size-not-power-of-two", "status 0x%x", dev_status(&d));
    setup(&d, VQ, 0x7ff000000ull);
    check(NEEDS_RESET(&d) && !*c16(&d, 0x1c), "rings-outside-ram", "status 0x%x", dev_status(&d));
    /* a healthy read after a reset */
    setup(&d, VQ, (uint32_t)dtab);
    check(dev_status(&d) == 0x0f, "reset-makes-it-usable", "status 0x%x", dev_status(&d));
    request(&d, 0, 5, (uint32_t)data, 1024);
    check(status == 0 && used.idx == 1 && used.ring[0].len == 1025 && sector_ok(data, 5) && sector_ok(data + 512, 6),
          "read-two-sectors", "status %u, used %u, len %u", status, used.idx, used.ring[0].len);
    /* past the end: 64 KiB disk = 128 sectors */
    request(&d, 0, 128, (uint32_t)data, 512);
    check(status == 1, "sector-past-the-end-ioerr", "status %u", status);
    request(&d, 0, 127, (uint32_t)data, 1024);
    check(status == 1, "read-crossing-the-end-ioerr", "status %u", status);
    request(&d, 0, ~0ull / 512, (uint32_t)data, 512);
    check(status == 1, "sector-overflow-ioerr", "status %u", status);
    request(&d, 0, 0, (uint32_t)data, 100);
    check(status == 1, "partial-sector-ioerr", "status %u", status);
    request(&d, 99, 0, (uint32_t)data, 512);
    check(status == 2, "unknown-type-unsupported", "status %u", status);
    request(&d, 8, 0, (uint32_t)data, 20);
    check(status == 0 && data[0] == 'x' && data[3] == 'a', "get-id", "'%.4s'", (const char *)data);
    check(!NEEDS_RESET(&d), "failed-requests-leave-the-device-working", "status 0x%x", dev_status(&d));
    /* write, read back */
    for (unsigned i = 0; i < 512; i++)
        data[i] = (uint8_t)(i * 3);
    request(&d, 1, 7, (uint32_t)data, 512);
    for (unsigned i = 0; i < 512; i++)
        data[i] = 0;
    request(&d, 0, 7, (uint32_t)data, 512);
    check(status == 0 && data[1] == 3 && data[511] == (uint8_t)(511 * 3), "write-and-read-back", "status %u", status);

    /* buffers outside RAM, lengths that overflow: the queue is broken */
    request(&d, 0, 0, ram - 256, 512);
    check(NEEDS_RESET(&d), "buffer-crossing-the-end-of-ram", "status 0x%x", dev_status(&d));
    setup(&d, VQ, (uint32_t)dtab);
    request(&d, 0, 0, 0xfee00000u, 512);
    check(NEEDS_RESET(&d), "buffer-on-the-lapic", "status 0x%x", dev_status(&d));
    setup(&d, VQ, (uint32_t)dtab);
    request(&d, 0, 0, 0xfffffffffffff000ull, 0x2000);
    check(NEEDS_RESET(&d), "address-length-overflow", "status 0x%x", dev_status(&d));
    /* a loop: 0 -> 1 -> 0 */
    setup(&d, VQ, (uint32_t)dtab);
    dtab[0] = (struct desc){ (uint32_t)&hdr, 16, 1, 1 };
    dtab[1] = (struct desc){ (uint32_t)data, 512, 1, 0 };
    avail.ring[0] = 0;
    avail.idx = 1;
    kick(&d);
    check(NEEDS_RESET(&d) && used.idx == 0, "descriptor-loop", "status 0x%x", dev_status(&d));
    /* the avail index jumps past the queue */
    setup(&d, VQ, (uint32_t)dtab);
    avail.idx = 1000;
    kick(&d);
    check(NEEDS_RESET(&d), "avail-index-jump", "status 0x%x", dev_status(&d));
    /* descriptor index past the queue */
    setup(&d, VQ, (uint32_t)dtab);
    avail.ring[0] = 200;
    avail.idx = 1;
    kick(&d);
    check(NEEDS_RESET(&d), "descriptor-index-past-the-queue", "status 0x%x", dev_status(&d));
    /* no status byte (everything device-readable) */
    setup(&d, VQ, (uint32_t)dtab);
    dtab[0] = (struct desc){ (uint32_t)&hdr, 16, 0, 0 };
    avail.ring[0] = 0;
    avail.idx = 1;
    kick(&d);
    check(NEEDS_RESET(&d), "request-without-status", "status 0x%x", dev_status(&d));
    /* notifications for a queue that does not exist */
    setup(&d, VQ, (uint32_t)dtab);
    *(volatile uint16_t *)(d.notify + 3 * d.mult) = 3;
    check(NEEDS_RESET(&d), "notify-missing-queue", "status 0x%x", dev_status(&d));
    /* features it never offered: FEATURES_OK does not stick */
    *c8(&d, 0x14) = 0;
    *c8(&d, 0x14) = 3;
    *c32(&d, 0x08) = 0;
    *c32(&d, 0x0c) = 0xffffffff;
    *c32(&d, 0x08) = 1;
    *c32(&d, 0x0c) = 0xffffffff;
    *c8(&d, 0x14) = 0x0b;
    check(!(dev_status(&d) & 8), "unoffered-features-refused", "status 0x%x", dev_status(&d));

    /* the read-only disk: writes fail, its data stays */
    setup(&ro, VQ, (uint32_t)dtab);
    for (unsigned i = 0; i < 512; i++)
        data[i] = 0;
    request(&ro, 1, 3, (uint32_t)data, 512);
    check(status == 1, "read-only-write-ioerr", "status %u", status);
    request(&ro, 0, 3, (uint32_t)data, 512);
    check(status == 0 && sector_ok(data, 3), "read-only-data-unchanged", "status %u", status);
    /* virtio-net (alone on its bridge): frames with bad headers break the transmit queue */
    struct dev n = { 0 };
    if (!find_id(0x10411af4, 0, &n)) {
        printf("no virtio-net (no vif in the config): its checks are skipped\n");
        goto disks_again;
    }
    static uint8_t frame[12 + 64];
    for (unsigned i = 0; i < sizeof(frame); i++)
        frame[i] = 0;
    for (unsigned i = 12; i < 18; i++)
        frame[i] = 0xff;                                /* broadcast */
    struct { const char *name; uint32_t len; uint8_t flags, gso; } bad[] = {
        { "net-frame-too-short", 12 + 10, 0, 0 },
        { "net-gso-not-offered", 12 + 64, 0, 1 },
        { "net-csum-not-offered", 12 + 64, 1, 0 },
    };
    for (unsigned i = 0; i < 3; i++) {
        setup_q(&n, 1, VQ, (uint32_t)dtab);
        frame[0] = bad[i].flags, frame[1] = bad[i].gso;
        dtab[0] = (struct desc){ (uint32_t)frame, bad[i].len, 0, 0 };
        avail.ring[0] = 0;
        avail.idx = 1;
        *(volatile uint16_t *)(n.notify + 1 * n.mult) = 1;
        check(NEEDS_RESET(&n), bad[i].name, "status 0x%x", dev_status(&n));
    }
    setup_q(&n, 1, VQ, (uint32_t)dtab);
    frame[0] = frame[1] = 0;
    dtab[0] = (struct desc){ (uint32_t)frame, 12 + 64, 0, 0 };
    avail.ring[0] = 0;
    avail.idx = 1;
    *(volatile uint16_t *)(n.notify + 1 * n.mult) = 1;
    check(!NEEDS_RESET(&n) && used.idx == 1, "net-good-frame-sent", "status 0x%x, used %u", dev_status(&n), used.idx);
disks_again:
    /* and the first disk works again after a reset */
    setup(&d, VQ, (uint32_t)dtab);
    request(&d, 0, 9, (uint32_t)data, 512);
    check(status == 0 && sector_ok(data, 9), "usable-after-all-that", "status %u", status);
    return 0;
}
