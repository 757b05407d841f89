// uses: hv/dev/pcicfg.c hv/dev/virtq.c hv/dev/virtio_common.c
/* The PCI configuration space, the split-virtqueue walker against every
 * malformed form a hostile driver can write, and the virtio-pci common
 * registers (feature negotiation, status, reset, queue setup, MSI-X). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "virtio.h"

/* ---- guest memory: an array; accesses past it fail ---- */
static uint8_t ram[64 * 1024];

static int rd(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
    (void)ctx;
    if (gpa > sizeof(ram) || len > sizeof(ram) - gpa)
        return -1;
    memcpy(buf, ram + gpa, len);
    return 0;
}

static int wr(void *ctx, uint64_t gpa, const void *buf, unsigned len)
{
    (void)ctx;
    if (gpa > sizeof(ram) || len > sizeof(ram) - gpa)
        return -1;
    memcpy(ram + gpa, buf, len);
    return 0;
}

static const struct virtq_mem mem = { rd, wr, NULL, sizeof(ram) };

#define DESC 0x1000u
#define AVAIL 0x2000u
#define USED 0x3000u

static void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t *d = ram + DESC + 16 * i;
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
}

static void avail(uint16_t idx, uint16_t slot, uint16_t head)
{
    memcpy(ram + AVAIL + 4 + 2 * slot, &head, 2);
    memcpy(ram + AVAIL + 2, &idx, 2);
}

static struct virtq queue(uint16_t size)
{
    memset(ram, 0, sizeof(ram));
    return (struct virtq){ .size = size, .enabled = true, .desc = DESC, .avail = AVAIL, .used = USED };
}

static struct virtq_chain ch;

static void a_chain_is_walked_and_returned(void **s)
{
    (void)s;
    struct virtq q = queue(8);
    const char *why = NULL;
    assert_int_equal(virtq_check_setup(&q, &mem, &why), 0);
    assert_int_equal(virtq_pop(&q, &mem, &ch, &why), 0);        /* nothing yet */
    desc(3, 0x8000, 16, VIRTQ_DESC_F_NEXT, 5);
    desc(5, 0x9000, 4096, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    desc(1, 0xa000, 1, VIRTQ_DESC_F_WRITE, 0);
    avail(1, 0, 3);
    assert_int_equal(virtq_pop(&q, &mem, &ch, &why), 1);
    assert_int_equal(ch.head, 3);
    assert_int_equal(ch.nseg, 3);
    assert_int_equal(ch.out_len, 16);
    assert_int_equal(ch.in_len, 4097);
    assert_false(ch.seg[0].write);
    assert_true(ch.seg[2].write);
    assert_int_equal(virtq_pop(&q, &mem, &ch, &why), 0);        /* taken once */
    assert_int_equal(virtq_push(&q, &mem, 3, 4097), 0);
    uint16_t used_idx;
    uint32_t elem[2];
    memcpy(&used_idx, ram + USED + 2, 2);
    memcpy(elem, ram + USED + 4, 8);
    assert_int_equal(used_idx, 1);
    assert_int_equal(elem[0], 3);
    assert_int_equal(elem[1], 4097);
    assert_true(virtq_wants_interrupt(&q, &mem));
    ram[AVAIL] = VIRTQ_AVAIL_F_NO_INTERRUPT;
    assert_false(virtq_wants_interrupt(&q, &mem));
}

/* Every malformed queue gives -1 and a reason; nothing is read past RAM. */
#define BROKEN(msg) do { const char *why_ = NULL; \
    assert_int_equal(virtq_pop(&q, &mem, &ch, &why_), -1); \
    assert_non_null(why_); \
    if (!strstr(why_, msg)) fail_msg("'%s' lacks '%s'", why_, msg); } while (0)

static void hostile_chains_are_refused(void **s)
{
    (void)s;
    struct virtq q = queue(8);
    desc(0, 0x8000, 16, VIRTQ_DESC_F_NEXT, 1);                  /* 0 -> 1 -> 0 ... */
    desc(1, 0x8000, 16, VIRTQ_DESC_F_NEXT, 0);
    avail(1, 0, 0);
    BROKEN("loops");
    q = queue(8);
    avail(1, 0, 8);                                             /* head past the queue */
    BROKEN("descriptor index past the queue size");
    q = queue(8);
    desc(0, 0x8000, 16, VIRTQ_DESC_F_NEXT, 200);                /* next past the queue */
    avail(1, 0, 0);
    BROKEN("descriptor index past the queue size");
    q = queue(8);
    desc(0, sizeof(ram) - 8, 16, 0, 0);                         /* runs past RAM */
    avail(1, 0, 0);
    BROKEN("outside the VM's RAM");
    q = queue(8);
    desc(0, ~0ull - 4, 16, 0, 0);                               /* address + length overflows */
    avail(1, 0, 0);
    BROKEN("outside the VM's RAM");
    q = queue(8);
    desc(0, 0x8000, 0xffffffffu, 0, 0);                         /* length beyond RAM */
    avail(1, 0, 0);
    BROKEN("outside the VM's RAM");
    q = queue(8);
    desc(0, 0x8000, 16, VIRTQ_DESC_F_INDIRECT, 0);
    avail(1, 0, 0);
    BROKEN("indirect");
    q = queue(8);
    desc(0, 0x8000, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    desc(1, 0x9000, 16, 0, 0);                                  /* readable after writable */
    avail(1, 0, 0);
    BROKEN("after a writable one");
    q = queue(8);
    avail(9, 0, 0);                                             /* index jumps by more than the size */
    BROKEN("more than the queue size");
    /* a 256-entry queue whose chain is longer than the device takes */
    q = queue(256);
    for (unsigned i = 0; i < 200; i++)
        desc(i, 0x8000, 1, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
    desc(200, 0x8000, 1, 0, 0);
    avail(1, 0, 0);
    BROKEN("longer than 128");
}

static void setup_checks(void **s)
{
    (void)s;
    const char *why = NULL;
    struct virtq q = queue(6);
    assert_int_equal(virtq_check_setup(&q, &mem, &why), -1);
    assert_non_null(strstr(why, "power of two"));
    q = queue(512);
    assert_int_equal(virtq_check_setup(&q, &mem, &why), -1);
    q = queue(0);
    assert_int_equal(virtq_check_setup(&q, &mem, &why), -1);
    q = queue(8);
    q.desc = DESC + 8;
    assert_int_equal(virtq_check_setup(&q, &mem, &why), -1);
    assert_non_null(strstr(why, "misaligned"));
    q = queue(256);
    q.used = sizeof(ram) - 16;
    assert_int_equal(virtq_check_setup(&q, &mem, &why), -1);
    assert_non_null(strstr(why, "outside"));
}

static uint64_t spans[8][3];
static unsigned nspans;

static int piece(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    (void)ctx;
    spans[nspans][0] = gpa, spans[nspans][1] = len, spans[nspans][2] = pos;
    nspans++;
    return 0;
}

static void streams_split_by_segment(void **s)
{
    (void)s;
    struct virtq_chain c = { .nseg = 4, .seg = {
        { 0x1000, 16, false }, { 0x5000, 100, false }, { 0x7000, 50, true }, { 0x9000, 1, true } } };
    nspans = 0;
    assert_int_equal(virtq_chain_span(&c, false, 10, 20, piece, NULL), 0);
    assert_int_equal(nspans, 2);
    assert_int_equal(spans[0][0], 0x100a);
    assert_int_equal(spans[0][1], 6);
    assert_int_equal(spans[1][0], 0x5000);
    assert_int_equal(spans[1][1], 14);
    assert_int_equal(spans[1][2], 6);
    nspans = 0;
    assert_int_equal(virtq_chain_span(&c, true, 50, 1, piece, NULL), 0);   /* the status byte */
    assert_int_equal(spans[0][0], 0x9000);
    assert_int_equal(virtq_chain_span(&c, true, 0, 52, piece, NULL), -1);  /* longer than the stream */
}

/* ---- PCI configuration space ---- */
static void pci_config_space(void **s)
{
    (void)s;
    struct pci_func f;
    pci_func_init(&f, 0x1af4, 0x1042, 0x01800001, 0x1af4, 2);
    pci_func_bar_mem32(&f, 0, 0xfd000000, 0x4000);
    int c1 = pci_func_cap(&f, 0x11, 12), c2 = pci_func_cap(&f, 0x09, 20);
    assert_int_equal(pci_cfg_read(&f, 0, 4), 0x10421af4);
    assert_int_equal(pci_cfg_read(&f, 8, 4), 0x01800001);
    assert_int_equal(pci_cfg_read(&f, 2, 2), 0x1042);
    assert_int_equal(pci_cfg_read(&f, 6, 2) & 0x10, 0x10);        /* capability list */
    assert_int_equal(pci_cfg_read(&f, 0x34, 1), c1);
    assert_int_equal(pci_cfg_read(&f, c1 + 1, 1), c2);
    assert_int_equal(pci_cfg_read(&f, c2 + 1, 1), 0);
    assert_int_equal(pci_cfg_read(&f, 0x3d, 1), 0);                /* no INTx pin */
    /* BAR sizing as an OS does it: all ones, read, restore */
    assert_int_equal(pci_cfg_read(&f, 0x10, 4), 0xfd000000);
    pci_cfg_write(&f, 0x10, 4, 0xffffffff);
    assert_int_equal(pci_cfg_read(&f, 0x10, 4), 0xffffc000);
    pci_cfg_write(&f, 0x10, 4, 0xfd000000);
    assert_int_equal(pci_cfg_read(&f, 0x10, 4), 0xfd000000);
    pci_cfg_write(&f, 0x10, 4, 0x12345000);                        /* a move is refused: fixed */
    assert_int_equal(pci_cfg_read(&f, 0x10, 4), 0xfd000000);
    pci_cfg_write(&f, 0x14, 4, 0xffffffff);                        /* no BAR 1 */
    assert_int_equal(pci_cfg_read(&f, 0x14, 4), 0);
    /* read-only identity, writable command bits only */
    pci_cfg_write(&f, 0, 4, 0);
    assert_int_equal(pci_cfg_read(&f, 0, 4), 0x10421af4);
    pci_cfg_write(&f, 4, 2, 0xffff);
    assert_int_equal(pci_cfg_read(&f, 4, 2), 0x0406);
    assert_true(pci_mem_enabled(&f));
    assert_int_equal(pci_cfg_read(&f, 254, 4), 0xffff0000);         /* past the end: ones */
    pci_cfg_write(&f, 255, 4, 0);                                  /* ignored, no overflow */
    /* a full list says so */
    while (pci_func_cap(&f, 0x09, 16) >= 0)
        ;
    assert_int_equal(pci_func_cap(&f, 0x09, 16), -1);
}

/* ---- virtio-pci common configuration ---- */
static const struct virtio_ops ops = { .kind = "virtio-test", .type = 2, .pci_class = 0x018000, .nqueues = 1 };
static struct virtio_pci vp;

static uint64_t cr(unsigned off, unsigned size)
{
    uint64_t v;
    virtio_common_read(&vp, off, size, &v);
    return v;
}

static void dev_setup(void)
{
    memset(&vp, 0, sizeof(vp));
    vp.features = VIRTIO_F_VERSION_1 | (1u << 9);
    vp.ram_size = sizeof(ram);
    virtio_build_config(&vp, &ops, 0xfd000000);
}

static void virtio_caps_describe_bar0(void **s)
{
    (void)s;
    dev_setup();
    unsigned seen = 0;
    for (unsigned c = vp.pci.cfg[0x34]; c; c = vp.pci.cfg[c + 1]) {
        if (vp.pci.cfg[c] == PCI_CAP_MSIX) {
            assert_int_equal(pci_cfg_read(&vp.pci, c + 2, 2) & 0x7ff, VIRTIO_MSIX_VECTORS - 1);
            assert_int_equal(pci_cfg_read(&vp.pci, c + 4, 4), VIRTIO_BAR_MSIX);
            continue;
        }
        assert_int_equal(vp.pci.cfg[c], PCI_CAP_VENDOR);
        unsigned type = vp.pci.cfg[c + 3];
        seen |= 1u << type;
        assert_int_equal(vp.pci.cfg[c + 4], 0);                    /* BAR 0 */
        uint32_t off = pci_cfg_read(&vp.pci, c + 8, 4), len = pci_cfg_read(&vp.pci, c + 12, 4);
        assert_true(off + len <= VIRTIO_BAR_SIZE);
        if (type == 2)
            assert_int_equal(pci_cfg_read(&vp.pci, c + 16, 4), VIRTIO_NOTIFY_MULT);
    }
    assert_int_equal(seen, 0x1e);                                  /* common, notify, ISR, device */
    assert_int_equal(pci_cfg_read(&vp.pci, 0, 4), 0x10421af4);
    assert_int_equal(pci_cfg_read(&vp.pci, 8, 4), 0x01800001);    /* mass storage, other; revision 1 */
}

static void feature_negotiation_and_reset(void **s)
{
    (void)s;
    dev_setup();
    assert_int_equal(cr(0x12, 2), 1);                              /* num_queues */
    virtio_common_write(&vp, 0x00, 4, 1);
    assert_int_equal(cr(0x04, 4), 1);                              /* VERSION_1 in the high word */
    virtio_common_write(&vp, 0x14, 1, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
    /* an unoffered feature: FEATURES_OK does not stick */
    virtio_common_write(&vp, 0x08, 4, 0);
    virtio_common_write(&vp, 0x0c, 4, 1u << 9 | 1u << 3);
    virtio_common_write(&vp, 0x08, 4, 1);
    virtio_common_write(&vp, 0x0c, 4, 1);
    virtio_common_write(&vp, 0x14, 1, 0x0b);
    assert_int_equal(cr(0x14, 1) & VIRTIO_S_FEATURES_OK, 0);
    /* legacy-only driver (no VERSION_1): refused too */
    virtio_common_write(&vp, 0x08, 4, 0);
    virtio_common_write(&vp, 0x0c, 4, 1u << 9);
    virtio_common_write(&vp, 0x08, 4, 1);
    virtio_common_write(&vp, 0x0c, 4, 0);
    virtio_common_write(&vp, 0x14, 1, 0x0b);
    assert_int_equal(cr(0x14, 1) & VIRTIO_S_FEATURES_OK, 0);
    virtio_common_write(&vp, 0x0c, 4, 1);
    virtio_common_write(&vp, 0x14, 1, 0x0b);
    assert_int_equal(cr(0x14, 1), 0x0b);
    virtio_common_write(&vp, 0x0c, 4, 0);                          /* after FEATURES_OK: ignored */
    assert_int_equal(vp.driver_features, VIRTIO_F_VERSION_1 | (1u << 9));
    /* a queue: size, addresses in halves, enable */
    virtio_common_write(&vp, 0x16, 2, 0);
    assert_int_equal(cr(0x18, 2), VIRTQ_MAX_SIZE);
    virtio_common_write(&vp, 0x18, 2, 64);
    virtio_common_write(&vp, 0x20, 4, DESC);
    virtio_common_write(&vp, 0x24, 4, 0);
    virtio_common_write(&vp, 0x28, 4, AVAIL);
    virtio_common_write(&vp, 0x30, 4, USED);
    virtio_common_write(&vp, 0x1a, 2, 1);
    virtio_common_write(&vp, 0x1c, 2, 1);
    assert_int_equal(cr(0x1c, 2), 1);
    assert_null(vp.fault);
    virtio_common_write(&vp, 0x18, 2, 8);                          /* enabled: size stays */
    assert_int_equal(vp.vq[0].size, 64);
    virtio_common_write(&vp, 0x14, 1, 0x0f);
    assert_int_equal(cr(0x14, 1), 0x0f);
    /* a queue that does not exist reads as size 0 */
    virtio_common_write(&vp, 0x16, 2, 3);
    assert_int_equal(cr(0x18, 2), 0);
    virtio_common_write(&vp, 0x18, 2, 8);
    /* reset: everything back */
    virtio_common_write(&vp, 0x14, 1, 0);
    assert_int_equal(cr(0x14, 1), 0);
    assert_false(vp.vq[0].enabled);
    assert_int_equal(vp.driver_features, 0);
    assert_int_equal(vp.vq[0].msix_vector, VIRTIO_NO_VECTOR);
}

static void bad_queue_setup_needs_reset(void **s)
{
    (void)s;
    dev_setup();
    virtio_common_write(&vp, 0x16, 2, 0);
    virtio_common_write(&vp, 0x18, 2, 100);                        /* not a power of two */
    virtio_common_write(&vp, 0x20, 4, DESC);
    virtio_common_write(&vp, 0x28, 4, AVAIL);
    virtio_common_write(&vp, 0x30, 4, USED);
    virtio_common_write(&vp, 0x1c, 2, 1);
    assert_false(vp.vq[0].enabled);
    assert_non_null(vp.fault);
    assert_true(cr(0x14, 1) & VIRTIO_S_NEEDS_RESET);
    virtio_common_write(&vp, 0x14, 1, VIRTIO_S_ACKNOWLEDGE);      /* the bit stays until reset */
    assert_true(cr(0x14, 1) & VIRTIO_S_NEEDS_RESET);
    virtio_common_write(&vp, 0x14, 1, 0);
    assert_int_equal(cr(0x14, 1), 0);
    /* rings outside RAM */
    virtio_common_write(&vp, 0x18, 2, 8);
    virtio_common_write(&vp, 0x20, 4, 0);
    virtio_common_write(&vp, 0x24, 4, 1);                          /* desc at 4 GiB */
    virtio_common_write(&vp, 0x1c, 2, 1);
    assert_false(vp.vq[0].enabled);
    assert_true(cr(0x14, 1) & VIRTIO_S_NEEDS_RESET);
}

static void msix_masking_and_pending(void **s)
{
    (void)s;
    dev_setup();
    assert_null(virtio_msix_take(&vp, 0));                         /* MSI-X off */
    pci_cfg_write(&vp.pci, vp.msix_cap + 2, 2, 0x8000);            /* enable */
    assert_true(virtio_msix_enabled(&vp));
    uint64_t v = 0xfee01000;
    virtio_msix_access(&vp, VIRTIO_BAR_MSIX + 16, 4, true, &v);
    v = 0x41;
    virtio_msix_access(&vp, VIRTIO_BAR_MSIX + 16 + 8, 4, true, &v);
    assert_null(virtio_msix_take(&vp, 1));                         /* masked at reset: pending */
    virtio_msix_access(&vp, VIRTIO_BAR_PBA, 4, false, &v);
    assert_int_equal(v, 2);
    v = 0;
    virtio_msix_access(&vp, VIRTIO_BAR_MSIX + 16 + 12, 4, true, &v);   /* unmask */
    const struct msix_entry *e = virtio_msix_take(&vp, 1);
    assert_non_null(e);
    assert_int_equal(e->addr_lo, 0xfee01000);
    assert_int_equal(e->data, 0x41);
    assert_int_equal(vp.msix_pending, 0);
    assert_null(virtio_msix_take(&vp, VIRTIO_NO_VECTOR));
    assert_null(virtio_msix_take(&vp, VIRTIO_MSIX_VECTORS));
    pci_cfg_write(&vp.pci, vp.msix_cap + 2, 2, 0xc000);            /* function mask */
    assert_null(virtio_msix_take(&vp, 1));
    /* table accesses out of range or misaligned: ignored, read zero */
    v = 5;
    virtio_msix_access(&vp, VIRTIO_BAR_MSIX + 16 * VIRTIO_MSIX_VECTORS, 4, true, &v);
    virtio_msix_access(&vp, VIRTIO_BAR_MSIX + 2, 4, false, &v);
    assert_int_equal(v, 0);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(a_chain_is_walked_and_returned), cmocka_unit_test(hostile_chains_are_refused),
        cmocka_unit_test(setup_checks), cmocka_unit_test(streams_split_by_segment),
        cmocka_unit_test(pci_config_space), cmocka_unit_test(virtio_caps_describe_bar0),
        cmocka_unit_test(feature_negotiation_and_reset), cmocka_unit_test(bad_queue_setup_needs_reset),
        cmocka_unit_test(msix_masking_and_pending),
    };
    return cmocka_run_group_tests_name("virtio", t, NULL, NULL);
}
