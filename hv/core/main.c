/* hv_main: from the boot stub to a running hypervisor. */
#include "acpi.h"
#include "bootinfo.h"
#include "console.h"
#include "power.h"
#include "cpu.h"
#include "mm.h"
#include "options.h"
#include "percpu.h"
#include "selftest.h"
#include "tsc.h"
#include "rtc.h"
#include "vcpu.h"
#include "vm.h"
#include "asi.h"
#include "smp.h"
#include <string.h>

#define HV_VERSION "0.1"

static struct boot_info boot_info;

static void report_option(const char *msg, void *arg)
{
    (void)arg;
    pr_warn("%s\n", msg);
}

static void print_modules(const struct boot_info *bi)
{
    if (!bi->nmods)
        pr_info("boot: no modules (no VM configs given)\n");
    for (unsigned i = 0; i < bi->nmods; i++)
        pr_info("boot: module %u: '%s' at %llx, %llu bytes\n", i, bi->mods[i].name,
                (unsigned long long)bi->mods[i].start,
                (unsigned long long)(bi->mods[i].end - bi->mods[i].start));
}

void hv_main(uint32_t magic, uint64_t info_phys)
{
    serial_init();
    percpu_init(0);
    outb(0x21, 0xff);           /* mask the 8259s: the hypervisor takes no device interrupts */
    outb(0xa1, 0xff);
    idt_init();
    idt_load();
    hv_printf("\nhv: ASI hypervisor " HV_VERSION " starting\n");

    if (magic != MB2_BOOTLOADER_MAGIC) {
        hv_stop("boot: not started by a multiboot2 loader: EAX=0x%08x, expected 0x%08x%s; "
                "boot hv.elf with GRUB's 'multiboot2' command (see docs/boot.md); stopping\n",
                magic, MB2_BOOTLOADER_MAGIC,
                magic == MB1_BOOTLOADER_MAGIC ? " (this is the multiboot v1 magic: a v1 loader such as "
                                                "QEMU -kernel or iPXE started us)" : "");
    }
    char err[160];
    if (info_phys >= (1ull << 32) || mb2_parse((const void *)info_phys,
                                               (1ull << 32) - info_phys, &boot_info, err, sizeof(err))) {
        if (info_phys >= (1ull << 32))
            hv_stop("boot: multiboot2 info at 0x%llx is above 4 GiB; stopping\n",
                    (unsigned long long)info_phys);
        hv_stop("boot: malformed boot information: %s; stopping\n", err);
    }
    acpi_host_set_rsdp(boot_info.rsdp_len ? boot_info.rsdp : NULL, boot_info.rsdp_len);

    options_parse(boot_info.cmdline, &hv_opts, report_option, NULL);
    log_level = hv_opts.loglvl;
    pr_info("boot: loader '%s', firmware %s, cmdline '%s'\n",
            boot_info.loader[0] ? boot_info.loader : "?", boot_info.efi_systab ? "UEFI" : "BIOS",
            boot_info.cmdline);
    pr_info("boot: options asi=%s asi_flush=%s loglvl=%d%s%s\n", hv_opts.asi ? "on" : "off",
            asi_flush_name(hv_opts.asi_flush), hv_opts.loglvl, hv_opts.test[0] ? " test=" : "",
            hv_opts.test);
    print_modules(&boot_info);

    mm_init(&boot_info);
    asi_init();
    const char *how = tsc_init();
    if (tsc_hz)
        slice_ticks = tsc_hz / 100;
    rtc_init();
    pr_info("tsc: %llu.%03llu MHz (%s)\n", (unsigned long long)(tsc_hz / 1000000),
            (unsigned long long)(tsc_hz / 1000 % 1000), how);

    if (hv_opts.test[0] && !strncmp(hv_opts.test, "fault-", 6) && !selftest_fault(hv_opts.test))
        pr_warn("test: unknown fault test '%s' (known: fault-ud fault-pf fault-gp fault-de fault-df)\n",
                hv_opts.test);

    char why[256];
    if (arch_discover(why, sizeof(why)))
        hv_stop("%s; stopping\n", why);
    if (arch_cpu_enable(why, sizeof(why)))
        hv_stop("%s; stopping\n", why);
    sched_cpu_init();
    smp_boot();
    vms_create_from_modules(&boot_info);
    if (!strcmp(hv_opts.test, "asi-audit")) {
        int bad = asi_audit();
        pr_info("asi-audit: %s\n", bad ? "FAIL" : "PASS: no restricted space maps anything sensitive");
    }
    if (!nvms)
        hv_stop("no VM to run; stopping\n");
    console_input_announce();
    smp_start_vms();
    vm_run_all();               /* this CPU's VMs */
    smp_wait_vms();             /* and every other CPU's */
    if (!strcmp(hv_opts.test, "asi-audit")) {     /* again: what the VMs did changed nothing */
        int bad = asi_audit();
        pr_info("asi-audit: after the run: %s\n", bad ? "FAIL" : "PASS: no restricted space maps anything sensitive");
    }
    if (!strcmp(hv_opts.test, "asi-residue")) {
        int bad = asi_residue_scan();
        pr_info("asi-residue: %s\n", bad ? "FAIL" : "PASS: no VM's secret reachable from another VM's exits");
    }
    if (this_cpu()->nmis)
        pr_info("nmi: %llu host NMIs taken and survived\n", (unsigned long long)this_cpu()->nmis);
    hv_stop("all VMs have ended; stopping\n");
}
