/* Building VMs from the boot modules: each *.cfg module is a VM config whose
 * kernel/ramdisk name other modules. A broken config or image stops only
 * that VM, with a message naming the file and what is wrong. */
#include "vm.h"
#include "vcpu.h"
#include "lifecycle.h"
#include "mbload.h"
#include "pvhload.h"
#include "bzload.h"
#include "acpigen.h"
#include "bootinfo.h"
#include "console.h"
#include "mm.h"
#include "cpu.h"
#include "fmt.h"
#include "options.h"
#include "asi.h"

#include "place.h"
#include "conswitch.h"
#include "virtio_blk.h"
#include "virtio_net.h"
#include "netswitch.h"
#include "pcicfg.h"
#include "hvctl_abi.h"
#include <string.h>
#include <stdarg.h>

struct vm *vms[MAX_VMS];
unsigned nvms;


static const struct boot_module *find_module(const struct boot_info *bi, const char *name)
{
    for (unsigned i = 0; i < bi->nmods; i++)
        if (!strcmp(bi->mods[i].name, name))
            return &bi->mods[i];
    return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static void zero_phys(uint64_t pa, uint64_t len)
{
    uint64_t n = len / 8;
    void *p = phys_to_virt(pa);
    __asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0ull) : "memory");
}

/* Each vCPU's CPU: the least loaded one (in vCPUs) the VM may use (xl's
 * cpus =), so a VM's vCPUs spread over its CPUs as Xen's do; balancing
 * (sched.c) moves them later. vCPU 0's first CPU is the VM's home: it
 * carries out stops and restarts. */
static void place(struct vm *vm)
{
    static unsigned load[MAX_CPUS];
    uint64_t mask = vm->cfg.cpu_mask;
    char on[64];
    cpulist_format(cpus_online, on, sizeof(on));
    if (sched_place(mask, cpus_online, load, MAX_CPUS) < 0) {
        pr_warn("vm %s: cpus = \"%s\" names no online CPU (online: %s); it runs on any\n", vm->name,
                vm->cfg.cpus, on);
        mask = 0;
    }
    uint64_t used = 0;
    for (unsigned i = 0; i < vm->nvcpus; i++) {
        int c = sched_place(mask, cpus_online, load, MAX_CPUS);
        vm->vcpus[i].cpu = (unsigned)c;
        load[c]++;
        used |= 1ull << c;
    }
    vm->cpu = vm->vcpus[0].cpu;
    vm->allowed = (mask ? mask : ~0ull) & cpus_online;
    /* vCPUs may run on several CPUs at once, or move (balancing) when the
     * VM may use more than one CPU */
    bool many = vm->allowed & (vm->allowed - 1);
    vm->vcpu_cpus = many ? vm->allowed : used;     /* placement stays within allowed */
    vm->spread = vm->nvcpus > 1 && many;
    if (vm->spread)                 /* exits on several CPUs at once: one device at a time */
        iobus_serialize(&vm->bus, &vm->dev_lock, lapic_mmio);
    if (cpus_online == 1)
        return;
    const char *pin = vm->cfg.cpus[0] ? " (cpus = \"" : "", *pin_end = vm->cfg.cpus[0] ? "\")" : "";
    if (vm->nvcpus == 1) {
        pr_info("vm %s: runs on CPU %u%s%s%s\n", vm->name, vm->cpu, pin, vm->cfg.cpus, pin_end);
        return;
    }
    char list[64] = "", *p = list;
    for (unsigned i = 0; i < vm->nvcpus; i++)
        p += hv_snprintf(p, sizeof(list) - (size_t)(p - list), "%s%u", i ? "," : "", vm->vcpus[i].cpu);
    pr_info("vm %s: vCPUs 0-%u run on CPUs %s%s%s%s\n", vm->name, vm->nvcpus - 1, list, pin, vm->cfg.cpus, pin_end);
}

/* VM-area slots and IDs (VPID, PCID) are never reused, even after a VM that
 * failed to build: its half-made mappings stay out of everyone's way. */
static unsigned next_id;

void vm_release_ram(struct vm *vm)
{
    uint64_t hpa = vm->mem_hpa, len = vm->mem_size;
    vm->ram_to_release = false;
    vm->mem_size = 0;           /* ephmap_map refuses every GPA from now on */
    for (unsigned i = 0; i < vm->nnics; i++)
        net_port_remove(vm->nics[i]->port);     /* its switch ports and their frames go too */
    vm->nnics = 0;
    zero_phys(hpa, len);        /* scrubbed: the next owner of these frames sees zeros */
    mm_frame_free_range(hpa, len);
    pr_info("vm %s: %llu MiB of guest RAM scrubbed and freed (%llu MiB free)\n", vm->name,
            (unsigned long long)(len >> 20), (unsigned long long)((frames.nfree * FRAME_SIZE) >> 20));
}

/* A vCPU's power-on state apart from its registers (the backend sets
 * those): LAPIC, FPU, debug registers, no events. vCPU 0 runs; the others
 * wait for INIT-SIPI as APs do. */
static void vcpu_reset(struct vcpu *v)
{
    lapic_init(v);
    v->xcr0 = 1;                /* x87 only, as at reset */
    memset(v->fpu, 0, sizeof(v->fpu));
    /* the x87/SSE state a CPU has after FINIT and reset: all exceptions
     * masked (FXRSTOR and XRSTOR load FCW/MXCSR from here) */
    uint16_t fcw = 0x37f;
    uint32_t mxcsr = 0x1f80;
    memcpy(v->fpu, &fcw, sizeof(fcw));
    memcpy(v->fpu + 24, &mxcsr, sizeof(mxcsr));
    v->halted = false;
    v->pending_exc = -1;
    memset(v->dr, 0, sizeof(v->dr));
    v->dr6 = 0xffff0ff0;                /* reset values; DR7 (0x400) is in the VMCS */
    v->wait_sipi = v->id != 0;
    v->sipi_vector = -1;
    v->nmi_pending = false;
}

/* Put the VM into its power-on state and load its kernel: RAM zeroed, ACPI
 * tables, the kernel by its protocol, devices reset (CMOS NVRAM kept), vCPU 0
 * at the entry point. Used at creation and for each restart. */
static int load_guest(struct vm *vm, char *err, size_t errlen)
{
    const struct vm_config *cfg = &vm->cfg;
    zero_phys(vm->mem_hpa, vm->mem_size);
    uint8_t nvram[sizeof(vm->dev.cmos)];
    memcpy(nvram, vm->dev.cmos, sizeof(nvram));
    uint8_t *testdev_mem = vm->dev.testdev.iomem;  /* allocated once, in the VM's area */
    bool pci_testdev = vm->dev.pci_testdev.present;
    struct pci_func *pci[PCI_SLOTS];               /* its PCI devices stay; each is reset */
    memcpy(pci, vm->dev.pci, sizeof(pci));
    memset(&vm->dev, 0, sizeof(vm->dev));
    memcpy(vm->dev.pci, pci, sizeof(pci));
    for (unsigned i = 0; i < PCI_SLOTS; i++)
        if (pci[i])
            pci_func_reset(pci[i]);
    memcpy(vm->dev.cmos, nvram, sizeof(nvram));
    vm->dev.testdev.iomem = testdev_mem;
    vm->dev.pci_testdev = (struct pci_testdev){ .present = pci_testdev, .current = -1 };
    dev_ioapic_reset(vm);
    i8259_reset(&vm->dev.pic);
    if (!acpi_build(phys_to_virt(vm->mem_hpa + ACPI_RSDP_GPA), ACPI_AREA_SIZE, ACPI_RSDP_GPA, vm->nvcpus,
                    vm->is_control ? vm->ctl_token : NULL)) {
        hv_snprintf(err, errlen, "cannot build ACPI tables");
        return -1;
    }
    /* bzImage and PVH kernels get the guest command line as is; multiboot
     * kernels get the kernel's name first, as QEMU -kernel does. */
    char cmdline[sizeof(cfg->extra) + sizeof(cfg->kernel) + 2];
    struct guest_mem gm = { phys_to_virt(vm->mem_hpa), vm->mem_size };
    const uint8_t *kimg = phys_to_virt(vm->kmod_pa);
    size_t klen = vm->kmod_len;
    const uint8_t *rdimg = vm->rdmod_len ? phys_to_virt(vm->rdmod_pa) : NULL;
    size_t rdlen = vm->rdmod_len;
    char lerr[160];
    struct guest_boot boot = { .cs = 0x08, .ds = 0x10 };
    const char *format;
    if (bz_probe(kimg, klen)) {
        /* Linux boot protocol, 32-bit entry: __BOOT_CS/__BOOT_DS in a GDT of ours */
        hv_snprintf(cmdline, sizeof(cmdline), "%s", cfg->extra);
        struct bz_result r;
        if (bz_load(kimg, klen, &gm, cmdline, rdimg, rdlen, ACPI_RSDP_GPA, &r, lerr, sizeof(lerr))) {
            hv_snprintf(err, errlen, "kernel '%s': %s", cfg->kernel, lerr);
            return -1;
        }
        boot = (struct guest_boot){ .entry = r.entry, .esi = r.zero_page, .cs = 0x10, .ds = 0x18,
                                    .gdt_base = BZ_GDT, .gdt_limit = 0x1f };
        format = "bzImage (boot protocol 2.x, 32-bit entry)";
    } else if (pvh_probe(kimg, klen)) {
        hv_snprintf(cmdline, sizeof(cmdline), "%s", cfg->extra);
        struct pvh_result r;
        if (pvh_load(kimg, klen, &gm, cmdline, rdimg, rdlen, ACPI_RSDP_GPA, &r, lerr, sizeof(lerr))) {
            hv_snprintf(err, errlen, "kernel '%s': %s", cfg->kernel, lerr);
            return -1;
        }
        boot.entry = r.entry, boot.ebx = r.start_info, format = "PVH";
    } else {
        hv_snprintf(cmdline, sizeof(cmdline), "%s%s%s", cfg->kernel, cfg->extra[0] ? " " : "", cfg->extra);
        struct mb1_result r;
        if (mb1_load(kimg, klen, &gm, cmdline, rdimg, rdlen, rdimg ? vm->rdname : NULL, &r, lerr,
                     sizeof(lerr))) {
            hv_snprintf(err, errlen, "kernel '%s': %s", cfg->kernel, lerr);
            return -1;
        }
        boot.entry = r.entry, boot.eax = MB1_MAGIC_EAX, boot.ebx = r.info, format = r.format;
    }
    for (unsigned i = 0; i < vm->nvcpus; i++)
        vcpu_reset(&vm->vcpus[i]);
    struct vcpu *v = &vm->vcpus[0];     /* the boot vCPU; the others wait for a SIPI */
    if (arch_vcpu_setup(v, &boot)) {
        hv_snprintf(err, errlen, "cannot set up the vCPU (VMCS)");
        return -1;
    }
    asi_set(vm, vm->asi_on);
    arch_set_exit_space(v, asi_host_cr3(vm), vm->asi_on);
    arch_vcpu_release(v);       /* its CPU loads it: active on one CPU at a time */
    for (unsigned i = 0; i < vm->nvcpus; i++)
        vm->vcpus[i].held = false;
    vm->stop = VM_STOP_NONE;
    vm->stop_claim = 0;
    vm->start_tsc = rdtsc();
    vm->paused = false;
    vm->paused_ticks = 0;
    __atomic_store_n(&vm->state, VM_RUNNING, __ATOMIC_RELEASE);   /* last: other CPUs go by it */
    pr_info("vm %s: %u MiB at host 0x%llx, %s kernel '%s' entry 0x%x, %s%s%scmdline '%s'\n", vm->name,
            cfg->memory_mb, (unsigned long long)vm->mem_hpa, format, cfg->kernel, boot.entry,
            rdimg ? "module '" : "", rdimg ? vm->rdname : "", rdimg ? "', " : "", cmdline);
    return 0;
}

int vm_reload(struct vm *vm, char *err, size_t errlen)
{
    return load_guest(vm, err, errlen);
}

/* disk = [...]: a virtio-blk device per image module. A writable image
 * belongs to one VM; read-only ones may be shared. */
static int attach_disks(struct vm *vm, const struct boot_info *bi, char *err, size_t errlen)
{
    for (unsigned i = 0; i < vm->cfg.ndisks; i++) {
        const struct vm_disk_cfg *dc = &vm->cfg.disks[i];
        const struct boot_module *m = find_module(bi, dc->target);
        if (!m) {
            hv_snprintf(err, errlen, "disk %s: target '%s' is not among the boot modules", dc->vdev, dc->target);
            return -1;
        }
        uint64_t size = m->end - m->start;
        if (size < 512) {
            hv_snprintf(err, errlen, "disk %s: image '%s' is smaller than one 512-byte sector", dc->vdev,
                        dc->target);
            return -1;
        }
        for (unsigned j = 0; j < nvms; j++)
            for (unsigned k = 0; k < vms[j]->cfg.ndisks && vms[j] != vm->replaces; k++) {
                const struct vm_disk_cfg *o = &vms[j]->cfg.disks[k];
                if (!strcmp(o->target, dc->target) && (!o->ro || !dc->ro)) {
                    hv_snprintf(err, errlen, "disk %s: image '%s' is already vm %s's disk %s; only "
                                "read-only images may be shared", dc->vdev, dc->target, vms[j]->name, o->vdev);
                    return -1;
                }
            }
        struct virtio_blk *b = vmarea_alloc(&vm->area, sizeof(*b));
        if (virtio_blk_add(vm, b, m->start, size, dc->ro, dc->vdev)) {
            hv_snprintf(err, errlen, "disk %s: no PCI slot or BAR range left", dc->vdev);
            return -1;
        }
        pr_info("vm %s: disk %s: '%s', %llu KiB, %s, as %s (writes stay in RAM: gone at power-off)\n",
                vm->name, dc->vdev, dc->target, (unsigned long long)(size >> 10), dc->ro ? "read-only" : "read-write",
                b->vp.name);
    }
    return 0;
}

/* vif = [...]: a virtio-net device per interface, a port on its bridge's
 * switch. Without mac= the MAC is Xen's prefix 00:16:3e and three bytes of
 * a hash of the VM's name and the interface's index: the same every boot. */
static int attach_nics(struct vm *vm, char *err, size_t errlen)
{
    for (unsigned i = 0; i < vm->cfg.nvifs; i++) {
        const struct vm_vif_cfg *vc = &vm->cfg.vifs[i];
        uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0, 0, 0 };
        if (vc->mac_set) {
            memcpy(mac, vc->mac, 6);
        } else {
            uint32_t h = 2166136261u;           /* FNV-1a */
            for (const char *c = vm->name; *c; c++)
                h = (h ^ (uint8_t)*c) * 16777619u;
            h = (h ^ i) * 16777619u;
            mac[3] = (uint8_t)(h >> 16) & 0x7f, mac[4] = (uint8_t)(h >> 8), mac[5] = (uint8_t)h;
        }
        struct virtio_net *n = vmarea_alloc(&vm->area, sizeof(*n));
        char why[120];
        if (virtio_net_add(vm, n, mac, vc->bridge, why, sizeof(why))) {
            hv_snprintf(err, errlen, "vif %u: %s", i, why);
            return -1;
        }
        vm->nics[vm->nnics++] = n;
        pr_info("vm %s: vif %u: mac %02x:%02x:%02x:%02x:%02x:%02x on bridge '%s', as %s "
                "(VMs on the bridge only: no outside network)\n", vm->name, i, mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5], vc->bridge, n->vp.name);
    }
    return 0;
}

/* The control VM's token: what its user space must show (RSI:RDI) to make
 * the control calls. Linux shows the table to root only. RDRAND where the
 * CPU has it; the TSC's low bits and the VM's id mixed in any case. */
static void make_token(struct vm *vm)
{
    bool rdrand = cpuid(1, 0).ecx >> 30 & 1;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ vm->id;
    for (unsigned i = 0; i < 2; i++) {
        uint64_t x = 0;
        unsigned char ok = 0;
        for (unsigned tries = 0; rdrand && !ok && tries < 10; tries++)
            __asm__ volatile("rdrand %0; setc %1" : "=r"(x), "=qm"(ok));
        h = (h ^ x ^ rdtsc()) * 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        memcpy(vm->ctl_token + 8 * i, &h, 8);
    }
    if (!rdrand)
        pr_warn("vm %s: no RDRAND on this CPU: the control token comes from the TSC alone\n", vm->name);
}

/* replace >= 0: a destroyed VM built again in vms[replace]; its name and
 * disks are its own, not another VM's. */
static int build_vm(const struct vm_config *cfg, const struct boot_info *bi, int replace, char *err, size_t errlen)
{
    if (replace < 0 && nvms >= MAX_VMS) {
        hv_snprintf(err, errlen, "too many VMs (at most %d)", MAX_VMS);
        return -1;
    }
    for (unsigned i = 0; i < nvms; i++) {
        if ((int)i == replace)
            continue;
        if (!strcmp(vms[i]->name, cfg->name)) {
            hv_snprintf(err, errlen, "a VM named '%s' already exists", cfg->name);
            return -1;
        }
        if (cfg->control && vms[i]->is_control) {
            hv_snprintf(err, errlen, "control = 1, but vm %s (%s) is the control VM already: there is at most one",
                        vms[i]->name, vms[i]->cfg.file);
            return -1;
        }
    }
    const struct boot_module *k = find_module(bi, cfg->kernel), *rd = NULL;
    if (!k) {
        hv_snprintf(err, errlen, "kernel '%s' is not among the boot modules", cfg->kernel);
        return -1;
    }
    if (cfg->ramdisk[0] && !(rd = find_module(bi, cfg->ramdisk))) {
        hv_snprintf(err, errlen, "ramdisk '%s' is not among the boot modules", cfg->ramdisk);
        return -1;
    }
    uint64_t mem = (uint64_t)cfg->memory_mb << 20;
    uint64_t hpa = mm_frame_alloc_contig(mem / FRAME_SIZE, 2u << 20);
    if (!hpa) {
        hv_snprintf(err, errlen, "not enough contiguous free memory for %u MiB of guest RAM "
                    "(%llu MiB free in all)", cfg->memory_mb,
                    (unsigned long long)((frames.nfree * FRAME_SIZE) >> 20));
        return -1;
    }
    if (next_id >= VMAREA_MAX) {
        mm_frame_free_range(hpa, mem);
        hv_snprintf(err, errlen, "no VM slots left (64 VMs were attempted)");
        return -1;
    }

    struct vm_area area;
    vmarea_init(&area, next_id);
    struct vm *vm = vmarea_alloc(&area, sizeof(struct vm));
    vm->area = area;
    vm->id = next_id++;
    vm->cfg = *cfg;
    hv_snprintf(vm->name, sizeof(vm->name), "%s", cfg->name);
    vm->mem_hpa = hpa;
    vm->mem_size = mem;
    vm->exit_code = -1;
    vm->nvcpus = cfg->vcpus;
    vm->replaces = replace >= 0 ? vms[replace] : NULL;
    vm->is_control = cfg->control;
    if (vm->is_control)
        make_token(vm);

    /* Guest RAM at GPA 0, write-back; everything else is MMIO or absent. */
    if (arch_vm_init(vm, err, errlen))
        goto fail;
    vm->bus.ram_top = mem;
    dev_uart_init(vm);
    dev_platform_init(vm);
    dev_fwcfg_init(vm);
    dev_ioapic_init(vm);
    dev_pit_init(vm);
    dev_cmos_init(vm);
    if (cfg->testdev) {
        dev_testdev_init(vm);
        dev_pci_testdev_init(vm);
    }
    if (attach_disks(vm, bi, err, errlen) || attach_nics(vm, err, errlen))
        goto fail;
    iobus_register(&vm->bus, IOBUS_MMIO, LAPIC_BASE, 0x1000, lapic_mmio, NULL, "lapic");
    if (vm->bus.err[0]) {
        hv_snprintf(err, errlen, "device setup: %s", vm->bus.err);
        goto fail;
    }
    iobus_freeze(&vm->bus);         /* fixed from now on: lookups need no lock */
    vm->kmod_pa = k->start, vm->kmod_len = k->end - k->start;
    vm->rdmod_pa = rd ? rd->start : 0, vm->rdmod_len = rd ? rd->end - rd->start : 0;
    hv_snprintf(vm->rdname, sizeof(vm->rdname), "%s", rd ? rd->name : "");
    asi_vm_create(vm);
    for (unsigned i = 0; i < vm->nvcpus; i++) {
        struct vcpu *v = &vm->vcpus[i];
        v->vm = vm;
        v->id = i;
        /* Its exits run on a stack of its own, in its own area: whatever they
         * leave below RSP (hypercall buffers, console lines, instruction bytes)
         * is visible to no other VM's restricted space. */
        vm->area.used += 4096;                  /* unmapped guard page: an overflow faults */
        uint8_t *stack = vmarea_alloc(&vm->area, EXIT_STACK_SIZE);
        v->exit_stack_lo = (uint64_t)stack;
        v->exit_stack_top = (uint64_t)stack + EXIT_STACK_SIZE;
    }
    if (load_guest(vm, err, errlen))
        goto fail;
    vcpu_cpuid_init(&vm->vcpus[0]);
    if (replace < 0)
        conswitch_add(&console_input, vm->id, vm->name);
    else
        conswitch_replace(&console_input, vms[replace]->id, vm->id);
    place(vm);
    for (unsigned i = 0; i < vm->nnics; i++)
        net_port_kick_target(vm->nics[i]->port, vm);    /* senders kick vCPU 0 where it may run */
    if (!cfg->autostart && replace < 0) {  /* built again: because someone asked to start it */
        vm->state = VM_OFF;         /* built and loaded; the console's `s N` starts it */
        pr_info("vm %s: autostart = 0: not started (console key s starts it)\n", vm->name);
    }
    if (vm->is_control)
        pr_info("vm %s: the control VM: it may list, pause, destroy and create the others "
                "(hvctl; token in its ACPI table " HV_CONTROL_TOKEN_SIG ", readable by its root only)\n", vm->name);
    if (replace >= 0) {
        asi_replace_vm(vms[replace], vm);
        pr_info("vm %s: built again from %s\n", vm->name, cfg->file);
        __atomic_store_n(&vms[replace], vm, __ATOMIC_RELEASE);   /* other CPUs go by vms[] */
        return 0;
    }
    vms[nvms++] = vm;
    asi_register_vm(vm);
    return 0;
fail:
    for (unsigned i = 0; i < vm->nnics; i++)
        net_port_remove(vm->nics[i]->port);
    mm_frame_free_range(hpa, mem);     /* its VM-area pages stay mapped in its own, never reused, slot */
    return -1;
}

static const struct boot_info *boot_modules;

int vm_rebuild(unsigned index, char *err, size_t errlen)
{
    struct vm_config cfg = vms[index]->cfg;
    return build_vm(&cfg, boot_modules, (int)index, err, errlen);
}

void vms_create_from_modules(struct boot_info *bi)
{
    boot_modules = bi;          /* kept, as the modules are: a destroyed VM is built again from them */
    unsigned configs = 0;
    for (unsigned i = 0; i < bi->nmods; i++) {
        const struct boot_module *m = &bi->mods[i];
        if (!ends_with(m->name, ".cfg"))
            continue;
        configs++;
        struct vm_config cfg;
        char err[200];
        if (vmconfig_parse(phys_to_virt(m->start), m->end - m->start, m->name, &cfg, err, sizeof(err))) {
            pr_err("vm config %s; VM not started\n", err);
            continue;
        }
        if (build_vm(&cfg, bi, -1, err, sizeof(err)))
            pr_err("vm %s (%s): %s; VM not started\n", cfg.name, m->name, err);
    }
    if (!configs)
        pr_info("vm: no VM configs among the boot modules\n");
    if (!strcmp(hv_opts.test, "asi-probe") || !strcmp(hv_opts.test, "asi-probe-xcpu"))
        for (unsigned i = 0; i < nvms; i++)   /* each VM may probe the next one's RAM */
            vms[i]->probe_va = (uint64_t)phys_to_virt(vms[(i + 1) % nvms]->mem_hpa);
}
