/* Debug keys while the hypervisor has the console's input (Ctrl-A three
 * times): what each VM is doing, its exits, ASI and memory; pause,
 * restart or destroy one. */
#ifndef HV_CONKEYS_H
#define HV_CONKEYS_H

/* Read what was typed for the hypervisor and act on it (boot CPU, full space). */
void console_keys_poll(void);

#endif
