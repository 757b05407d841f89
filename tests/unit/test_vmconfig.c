// uses: hv/vm/config.c hv/vm/xldisk.c hv/vm/xlvif.c hv/vm/place.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "vmconfig.h"

static struct vm_config c;
static char err[200];

static int parse(const char *s)
{
    err[0] = 0;
    return vmconfig_parse(s, strlen(s), "t.cfg", &c, err, sizeof(err));
}

static void good(void **s)
{
    (void)s;
    assert_int_equal(parse("# a VM\n"
                           "name    = \"linux0\"\n"
                           "memory  = 256            # MiB\n"
                           "vcpus   = 2\n"
                           "cpus = \"1\"\n"
                           "kernel  = 'vmlinuz'\n"
                           "ramdisk = \"initrd.img\"\n"
                           "\n"
                           "extra   = \"console=ttyS0 quiet\"\n"
                           "on_poweroff = \"destroy\"\n"
                           "on_crash = \"preserve\"\n"
                           "on_reboot=restart\n"
                           "asi_guest_control = 1\n"
                           "unassigned_access = \"destroy\"\n"
                           "testdev = 1\n"
                           "autostart = 0\n"
                           "control = 1\n"), 0);
    assert_string_equal(c.name, "linux0");
    assert_int_equal(c.memory_mb, 256);
    assert_int_equal(c.vcpus, 2);
    assert_int_equal(c.cpu_mask, 2);
    assert_string_equal(c.kernel, "vmlinuz");
    assert_string_equal(c.ramdisk, "initrd.img");
    assert_string_equal(c.extra, "console=ttyS0 quiet");
    assert_int_equal(c.on_crash, ACT_PRESERVE);
    assert_int_equal(c.on_reboot, ACT_RESTART);
    assert_string_equal(c.file, "t.cfg");
    assert_true(c.asi_guest_control);
    assert_true(c.unassigned_destroy);
    assert_true(c.testdev);
    assert_false(c.autostart);
    assert_true(c.control);
}

static void defaults(void **s)
{
    (void)s;
    assert_int_equal(parse("name=\"a\"\r\nkernel=\"k\""), 0);   /* CRLF, no final newline */
    assert_int_equal(c.memory_mb, 128);
    assert_int_equal(c.vcpus, 1);
    assert_int_equal(c.on_poweroff, ACT_DESTROY);
    assert_string_equal(c.extra, "");
    assert_false(c.asi_guest_control);      /* guests may not switch ASI unless allowed */
    assert_true(c.autostart);               /* VMs start at boot unless told otherwise */
    assert_false(c.unassigned_destroy);     /* as on a PC: all ones, writes dropped */
    assert_false(c.testdev);                /* test devices only where asked for */
    assert_false(c.control);                /* no VM controls others unless marked */
}

#define BAD(text, msg) do { assert_int_equal(parse(text), -1); \
    if (!strstr(err, msg)) fail_msg("error '%s' lacks '%s'", err, msg); } while (0)

static void bad(void **s)
{
    (void)s;
    BAD("name=\"a\"\nkernel=\"k\"\nmemroy = 12\n", "t.cfg:3: unknown key 'memroy' (did you mean 'memory'?)");
    BAD("name=\"a\"\nfrobnicate = 1\n", "t.cfg:2: unknown key 'frobnicate' (known:");
    BAD("name=\"a\"\nkernel=\"k\"\nmemory = lots\n", "t.cfg:3: 'memory' must be a number, got 'lots'");
    BAD("name=\"a\"\nkernel=\"k\"\nmemory = 1\n", "memory = 1 MiB is out of range");
    BAD("name=\"a\"\nkernel=\"k\"\nmemory = 99999\n", "out of range");
    BAD("name=\"a\"\nkernel=\"k\"\nvcpus = 0\n", "vcpus = 0 is out of range");
    BAD("name=\"a\nkernel=\"k\"\n", "t.cfg:1: unterminated string for 'name'");
    BAD("name \"a\"\n", "t.cfg:1: expected '=' after 'name'");
    BAD("= 3\n", "t.cfg:1: expected 'key = value'");
    BAD("name = a\nkernel = \"k\"\n", "t.cfg:1: 'name' must be a quoted string");
    BAD("name=\"a\"\nname=\"b\"\n", "t.cfg:2: key 'name' given twice");
    BAD("name=\"a\"\nkernel=\"k\"\non_crash = \"explode\"\n", "t.cfg:3: on_crash = 'explode'");
    BAD("name=\"a\" junk\n", "unexpected text after the value of 'name'");
    BAD("kernel=\"k\"\n", "no 'name' given");
    BAD("name=\"a\"\n", "no 'kernel' given");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'x' ]\n", "disk 'x': no vdev");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = 'vdev=xvda, target=d'\n", "disk must be a list");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda, target=d' \n", "t.cfg:4: disk: expected a quoted disk spec or ']'");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda, target=d ]\n", "t.cfg:3: disk: unterminated string");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda,target=a', 'vdev=xvda,target=b' ]\n", "vdev xvda given twice");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda,target=a', 'vdev=xvdb,target=b', 'vdev=xvdc,target=c',"
        "'vdev=xvdd,target=d', 'vdev=xvde,target=e' ]\n", "more than 4 disks");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda,target=a' ] x\n", "unexpected text after the disk list");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'format=qcow2, vdev=xvda, target=a' ]\n", "format=qcow2: only raw images");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvd1, target=a' ]\n", "vdev=xvd1: expected xvdX");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda, access=rwx, target=a' ]\n", "access=rwx: expected ro or rw");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda, colour=red, target=a' ]\n", "unknown disk key 'colour'");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda, vdev=xvdb, target=a' ]\n", "vdev given twice");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda, devtype=cdrom, target=a' ]\n", "devtype=cdrom: only disk");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'vdev=xvda' ]\n", "no target");
    BAD("name=\"a\"\nkernel=\"k\"\ndisk = [ 'a,raw,xvda,rw,extra' ]\n", "more than 4 positional items");
    BAD("name=\"a\"\nkernel=\"k\"\nmemory = [ 1 ]\n", "'memory': only disk and vif take a list");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = 'bridge=br0'\n", "vif must be a list");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'mac=00:16:3e:01:02' ]\n", "mac=00:16:3e:01:02: expected six hex bytes");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'mac=00:16:3e:01:02:0g' ]\n", "expected six hex bytes");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'mac=01:16:3e:01:02:03' ]\n", "is a multicast address");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'mac=00:16:3e:01:02:03,mac=00:16:3e:01:02:04' ]\n", "mac given twice");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'bridge=a-very-long-bridge-name' ]\n", "bridge name must be 1-15 characters");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'model=e1000' ]\n", "model=e1000: only virtio");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'script=vif-bridge' ]\n", "unknown vif key 'script'");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ 'bridge' ]\n", "'bridge': expected key=value");
    BAD("name=\"a\"\nkernel=\"k\"\nvif = [ '', '', '' ]\n", "more than 2 network interfaces");
    BAD("name=\"a\"\nkernel=\"k\"\nunassigned_access = \"zero\"\n",
        "t.cfg:3: unassigned_access = 'zero': expected \"ones\"");
    BAD("name=\"a\"\nkernel=\"k\"\ntestdev = yes\n", "t.cfg:3: testdev must be 0 or 1, got 'yes'");
    BAD("name=\"a\"\ncpus = \"2-1\"\n", "t.cfg:2: cpus = \"2-1\": range 2-1 is backwards");
    BAD("name=\"a\"\ncpus = \"x\"\n", "t.cfg:2: cpus = \"x\": expected a CPU number at 'x'");
    BAD("name=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n", "'name' is too long");
    BAD("name=\"a\"\nkernel=\"k\"\nmemory =\n", "'memory' has no value");
    BAD("name=\"a\"\nkernel=\"k\"\nasi_guest_control = yes\n", "t.cfg:3: asi_guest_control must be 0 or 1, got 'yes'");
    BAD("name=\"a\"\nkernel=\"k\"\nautostart = 2\n", "t.cfg:3: autostart must be 0 or 1, got '2'");
    BAD("name=\"a\"\nkernel=\"k\"\ncontrol = \"yes\"\n", "t.cfg:3: control must be 0 or 1, got 'yes'");
    BAD("name=\"a\"\nkernel=\"k\"\ncontrl = 1\n", "unknown key 'contrl' (did you mean 'control'?)");
    BAD("name=\"a\"\nkernel=\"k\"\nasi_guest_control = \"1\"\n", "asi_guest_control must be 0 or 1");
}

/* xl's disk syntax: keyed items in any order, target= last taking commas
 * with it, the positional form, a list over several lines. */
static void disks(void **s)
{
    (void)s;
    assert_int_equal(parse("name=\"a\"\nkernel=\"k\"\n"
                           "disk = [ 'format=raw, vdev=xvda, access=rw, target=data.img',\n"
                           "         \"vdev=xvdb,access=ro,target=odd,name.img\",\n"
                           "         'ro.img,raw,hdc,r' ]  # three\n"
                           "memory = 64\n"), 0);
    assert_int_equal(c.ndisks, 3);
    assert_string_equal(c.disks[0].target, "data.img");
    assert_string_equal(c.disks[0].vdev, "xvda");
    assert_false(c.disks[0].ro);
    assert_string_equal(c.disks[1].target, "odd,name.img");
    assert_true(c.disks[1].ro);
    assert_string_equal(c.disks[2].target, "ro.img");
    assert_string_equal(c.disks[2].vdev, "hdc");
    assert_true(c.disks[2].ro);
    assert_int_equal(c.memory_mb, 64);      /* the line after the list is read */
    assert_int_equal(parse("name=\"a\"\nkernel=\"k\"\nvif = [ 'mac=00:16:3E:0a:0B:ff, bridge=br0, model=virtio',\n"
                           "'type=vif' ]\n"), 0);
    assert_int_equal(c.nvifs, 2);
    assert_true(c.vifs[0].mac_set);
    assert_int_equal(c.vifs[0].mac[2], 0x3e);
    assert_int_equal(c.vifs[0].mac[5], 0xff);
    assert_string_equal(c.vifs[0].bridge, "br0");
    assert_false(c.vifs[1].mac_set);
    assert_string_equal(c.vifs[1].bridge, "xenbr0");        /* xl's default bridge */
    assert_int_equal(parse("name=\"a\"\nkernel=\"k\"\ndisk = [ ]\n"), 0);
    assert_int_equal(c.ndisks, 0);
    assert_int_equal(parse("name=\"a\"\nkernel=\"k\"\n"), 0);
    assert_int_equal(c.ndisks, 0);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(disks), cmocka_unit_test(good), cmocka_unit_test(defaults), cmocka_unit_test(bad),
    };
    return cmocka_run_group_tests_name("vmconfig", t, NULL, NULL);
}
