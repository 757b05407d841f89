// uses: hv/vm/mbload.c hv/vm/elfload.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "mbload.h"

#define MEM (8u << 20)
static uint8_t *ram;
static struct guest_mem gm;
static uint8_t img[16384];
static size_t ilen;
static struct mb1_result r;
static char err[200];

static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* ELF32: one PT_LOAD of 0x200 file bytes + 0x100 bss at 1 MiB, header at 0x100. */
static void mk_elf32(void)
{
    memset(img, 0, sizeof(img));
    memcpy(img, "\177ELF", 4);
    img[4] = 1; img[5] = 1; img[6] = 1;
    w16(img + 16, 2); w16(img + 18, 3);
    w32(img + 24, 0x100010);          /* entry */
    w32(img + 28, 52);                /* phoff */
    w16(img + 42, 32); w16(img + 44, 1);
    uint8_t *ph = img + 52;
    w32(ph, 1); w32(ph + 4, 0x1000); w32(ph + 8, 0x100000); w32(ph + 12, 0x100000);
    w32(ph + 16, 0x200); w32(ph + 20, 0x300);
    w32(img + 0x1000 + 0x100, MB1_MAGIC_HEADER);     /* header inside the segment */
    w32(img + 0x1000 + 0x104, 3);
    w32(img + 0x1000 + 0x108, (uint32_t)-(MB1_MAGIC_HEADER + 3));
    memset(img + 0x1000, 0xcc, 0x100);
    img[0x1000 + 0x1ff] = 0xaa;
    ilen = 0x1200;
}

static int load(const char *cmd, const uint8_t *mod, size_t ml)
{
    memset(ram, 0x5a, MEM);
    return mb1_load(img, ilen, &gm, cmd, mod, ml, mod ? "initrd.img" : NULL, &r, err, sizeof(err));
}

static int setup(void **s) { (void)s; ram = malloc(MEM); gm.hva = ram; gm.size = MEM; return 0; }
static int teardown(void **s) { (void)s; free(ram); return 0; }

static void elf32_loads(void **s)
{
    (void)s;
    mk_elf32();
    const uint8_t mod[] = "MODULE-DATA";
    assert_int_equal(load("kernel.elf console=1", mod, sizeof(mod)), 0);
    assert_string_equal(r.format, "ELF32");
    assert_int_equal(r.entry, 0x100010);
    assert_int_equal(ram[0x100000], 0xcc);
    assert_int_equal(ram[0x1001ff], 0xaa);
    assert_int_equal(ram[0x100200], 0);          /* bss zeroed */
    assert_int_equal(ram[0x1002ff], 0);
    assert_int_equal(r.info, 0x101000);          /* after the kernel, page aligned */
    uint8_t *info = ram + r.info;
    assert_int_equal(r32(info) & 0x24d, 0x24d);
    assert_int_equal(r32(info + 4), 639);
    assert_int_equal(r32(info + 8), (MEM - 0x100000) >> 10);
    assert_string_equal((char *)ram + r32(info + 16), "kernel.elf console=1");
    assert_int_equal(r32(info + 20), 1);
    uint8_t *m = ram + r32(info + 24);
    assert_int_equal(r32(m + 4) - r32(m), sizeof(mod));
    assert_memory_equal(ram + r32(m), mod, sizeof(mod));
    assert_string_equal((char *)ram + r32(m + 8), "initrd.img");
    assert_int_equal(r32(m) & 0xfff, 0);         /* module page aligned */
    /* memory map: 4 entries, the BIOS area reserved, RAM to the end */
    assert_int_equal(r32(info + 44), 96);
    uint8_t *mm = ram + r32(info + 48);
    assert_int_equal(r32(mm + 24 * 2 + 20), 2);
    assert_int_equal(r32(mm + 24 * 3 + 4), 0x100000);
    assert_int_equal(r32(mm + 24 * 3 + 12), MEM - 0x100000);
    assert_true(r.end > r32(m));
}

static void aout_kludge(void **s)
{
    (void)s;
    memset(img, 0, sizeof(img));
    uint8_t *h = img + 0x40;
    w32(h, MB1_MAGIC_HEADER); w32(h + 4, 0x10000); w32(h + 8, (uint32_t)-(MB1_MAGIC_HEADER + 0x10000));
    w32(h + 12, 0x200040); w32(h + 16, 0x200000); w32(h + 20, 0x200800); w32(h + 24, 0x201000);
    w32(h + 28, 0x200100);
    img[0x7ff] = 0x77;
    img[0x900] = 0x99;   /* past load_end: not loaded, bss instead */
    ilen = 0x1000;
    assert_int_equal(load("k", NULL, 0), 0);
    assert_string_equal(r.format, "a.out kludge");
    assert_int_equal(r.entry, 0x200100);
    assert_int_equal(ram[0x2007ff], 0x77);
    assert_int_equal(ram[0x200900], 0);
    assert_int_equal(r.info, 0x201000);
    assert_int_equal(r32(ram + r.info + 20), 0);   /* no module */
}

#define BAD(msg) do { assert_int_equal(load("k", NULL, 0), -1); \
    if (!strstr(err, msg)) fail_msg("error '%s' lacks '%s'", err, msg); } while (0)

static void malformed(void **s)
{
    (void)s;
    mk_elf32(); memset(img + 0x1100, 0, 4); BAD("no multiboot v1 header");
    mk_elf32(); w32(img + 0x1108, 0); BAD("no multiboot v1 header");        /* bad checksum */
    mk_elf32(); w32(img + 0x1104, 4); w32(img + 0x1108, (uint32_t)-(MB1_MAGIC_HEADER + 4));
    BAD("flags 0x4");
    mk_elf32(); img[0] = 'X'; BAD("not ELF");
    mk_elf32(); img[4] = 3; BAD("ELF class 3");
    mk_elf32(); w16(img + 16, 3); BAD("not ET_EXEC");
    mk_elf32(); w16(img + 18, 40); BAD("e_machine 40");
    mk_elf32(); w32(img + 28, 0x3000); BAD("program headers");
    mk_elf32(); w16(img + 44, 0); BAD("no program headers");
    mk_elf32(); w32(img + 52 + 16, 0x400); BAD("p_filesz 0x400 > p_memsz 0x300");
    mk_elf32(); w32(img + 52 + 4, 0x1100); BAD("runs past the end of the file");
    mk_elf32(); w32(img + 52 + 12, 0x7fff000); BAD("outside the VM's memory");
    mk_elf32(); w32(img + 52 + 12, 0); BAD("page 0");
    mk_elf32(); w32(img + 52 + 12, 0xf0000); BAD("BIOS area");
    mk_elf32(); w32(img + 52 + 12, 0xfffff000); w32(img + 52 + 20, 0x2000); BAD("outside");
    mk_elf32(); w32(img + 24, 0x500000); BAD("e_entry 0x500000 is outside");
    mk_elf32(); w32(img + 52, 4); BAD("no PT_LOAD");
    mk_elf32(); ilen = 40; BAD("no multiboot v1 header");
    /* truncated: the header survives but the segment does not */
    mk_elf32(); ilen = 0x1180; BAD("runs past the end of the file");
    /* a module too big for the VM */
    mk_elf32();
    static uint8_t big[MEM];
    assert_int_equal(load("k", big, sizeof(big)), -1);
    assert_non_null(strstr(err, "does not fit"));
}

static void every_truncation(void **s)
{
    (void)s;
    mk_elf32();
    size_t full = ilen;
    for (size_t n = 0; n < full; n += 7) {
        uint8_t *copy = malloc(n + 1);
        memcpy(copy, img, n);
        memset(ram, 0, MEM);
        assert_int_equal(mb1_load(copy, n, &gm, "k", NULL, 0, NULL, &r, err, sizeof(err)), -1);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(elf32_loads), cmocka_unit_test(aout_kludge),
        cmocka_unit_test(malformed), cmocka_unit_test(every_truncation),
    };
    return cmocka_run_group_tests_name("mbload", t, setup, teardown);
}
