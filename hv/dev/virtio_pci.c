/* virtio-pci transport, the part that touches the VM: BAR0 accesses from
 * exits, queue notifications handed to the device, MSI-X messages sent,
 * faults logged. The register logic is in virtio_common.c (pure). */
#include "virtio.h"
#include "vm.h"
#include "vcpu.h"
#include "console.h"
#include "fmt.h"

#define VIRTIO_MMIO_BASE 0xfd000000u        /* BARs of slot 2.. : 16 KiB each, inside PCI0's window */

/* Each page touched is one ephmap window mapped: counted per device. */
static uint64_t pages(uint64_t gpa, unsigned len)
{
    return len ? ((gpa + len - 1) >> 12) - (gpa >> 12) + 1 : 0;
}

int virtio_read(struct virtio_pci *vp, uint64_t gpa, void *buf, unsigned len)
{
    vp->ephmap_maps += pages(gpa, len);
    return guest_phys_read(vp->vm, gpa, buf, len);
}

int virtio_write(struct virtio_pci *vp, uint64_t gpa, const void *buf, unsigned len)
{
    vp->ephmap_maps += pages(gpa, len);
    return guest_phys_write(vp->vm, gpa, buf, len);
}

static int mem_read(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
    return virtio_read(ctx, gpa, buf, len);
}

static int mem_write(void *ctx, uint64_t gpa, const void *buf, unsigned len)
{
    return virtio_write(ctx, gpa, buf, len);
}

void virtio_mem(struct virtio_pci *vp, struct virtq_mem *m)
{
    m->read = mem_read;
    m->write = mem_write;
    m->ctx = vp;
    m->ram_size = vp->vm->mem_size;
}

static void send(struct virtio_pci *vp, uint16_t vector)
{
    const struct msix_entry *e = virtio_msix_take(vp, vector);
    if (e) {
        vp->interrupts++;
        vm_msi(vp->vm, (uint64_t)e->addr_hi << 32 | e->addr_lo, e->data);
    }
}

static void send_pending(struct virtio_pci *vp)
{
    for (uint16_t i = 0; vp->msix_pending && i < VIRTIO_MSIX_VECTORS; i++)
        if (vp->msix_pending & (1u << i))
            send(vp, i);
}

void virtio_used_notify(struct virtio_pci *vp, unsigned q)
{
    struct virtq_mem m;
    virtio_mem(vp, &m);
    if (!virtq_wants_interrupt(&vp->vq[q], &m))
        return;
    vp->isr |= 1;
    send(vp, vp->vq[q].msix_vector);
}

#define VIRTIO_FAULTS_LOGGED 16      /* a guest cannot flood the console */

/* One line per fault, the first times; the device itself stays stopped until reset. */
void virtio_say_fault(struct virtio_pci *vp)
{
    if (vp->faults <= VIRTIO_FAULTS_LOGGED)
        pr_warn("vm %s: %s: %s; device needs reset%s\n", vp->vm->name, vp->name, vp->fault,
                vp->faults == VIRTIO_FAULTS_LOGGED ? " (further faults of this device are not logged)" : "");
    vp->fault = 0;
    vp->isr |= 2;                       /* configuration change: the driver sees NEEDS_RESET */
    send(vp, vp->msix_config);
}

static void notify(struct virtio_pci *vp, unsigned q)
{
    if (!(vp->status & VIRTIO_S_DRIVER_OK))
        virtio_set_fault(vp, "queue notification before DRIVER_OK");
    else if (q >= vp->ops->nqueues || !vp->vq[q].enabled)
        virtio_set_fault(vp, "notification for a queue that is not enabled");
    else if (!(vp->status & VIRTIO_S_NEEDS_RESET))
        vp->ops->queue_notify(vp, q);
}

static void bar_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    struct virtio_pci *vp = dev;
    unsigned o = (unsigned)off;
    if (!write)
        *val = 0;
    if (o < VIRTIO_BAR_MSIX) {
        if (write)
            virtio_common_write(vp, o, size, *val);
        else
            virtio_common_read(vp, o, size, val);
    } else if (o < VIRTIO_BAR_ISR) {
        virtio_msix_access(vp, o, size, write, val);
        if (write)
            send_pending(vp);
    } else if (o < VIRTIO_BAR_DEVICE) {
        if (!write && o == VIRTIO_BAR_ISR) {
            *val = vp->isr;             /* reading clears it */
            vp->isr = 0;
        }
    } else if (o < VIRTIO_BAR_NOTIFY) {
        if (!write && vp->ops->cfg_read)
            vp->ops->cfg_read(vp, o - VIRTIO_BAR_DEVICE, size, val);
    } else if (write) {
        notify(vp, (o - VIRTIO_BAR_NOTIFY) / VIRTIO_NOTIFY_MULT);
    }
    if (vp->fault)
        virtio_say_fault(vp);
    if (vp->yield) {
        vp->yield = false;
        v->yield_now = true;            /* after this exit the scheduler runs the receiver */
        v->entry_work = true;
    }
}

int virtio_pci_add(struct vm *vm, struct virtio_pci *vp, const struct virtio_ops *ops, void *dev,
                   uint64_t features)
{
    unsigned slot = 2;
    while (slot < PCI_SLOTS && vm->dev.pci[slot])
        slot++;
    if (slot >= PCI_SLOTS)
        return -1;
    uint32_t bar = VIRTIO_MMIO_BASE + (slot - 2) * VIRTIO_BAR_SIZE;
    vp->vm = vm;
    vp->dev = dev;
    vp->features = features | VIRTIO_F_VERSION_1;
    vp->ram_size = vm->mem_size;
    hv_snprintf(vp->name, sizeof(vp->name), "%s 00:%02x.0", ops->kind, slot);
    virtio_build_config(vp, ops, bar);
    if (iobus_register(&vm->bus, IOBUS_MMIO, bar, VIRTIO_BAR_SIZE, bar_io, vp, ops->kind))
        return -1;
    vm->dev.pci[slot] = &vp->pci;
    return 0;
}

/* At the VM's end: what each of its virtio devices did (every emulated
 * function on its bus is one). */
void virtio_print_stats(const struct vm *vm)
{
    for (unsigned i = 0; i < PCI_SLOTS; i++) {
        const struct virtio_pci *vp = (const struct virtio_pci *)vm->dev.pci[i];
        if (!vp)
            continue;
        char own[96] = "";
        if (vp->ops->stats)
            vp->ops->stats(vp, own, sizeof(own));
        hv_printf("hv: vm %s: %s: %llu requests, %llu interrupts, %llu ephmap maps, %llu faults%s\n", vm->name,
                  vp->name, (unsigned long long)vp->requests, (unsigned long long)vp->interrupts,
                  (unsigned long long)vp->ephmap_maps, (unsigned long long)vp->faults, own);
    }
}
