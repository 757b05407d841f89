/* Debug keys while the hypervisor has the console's input (Ctrl-A three
 * times): what each VM is doing, its exits, ASI and memory; pause,
 * restart or destroy one. */
#ifndef HV_CONKEYS_H
#define HV_CONKEYS_H
#include <stdbool.h>

/* Read what was typed for the hypervisor and act on it (boot CPU, full space);
 * for a VM that has the input but does not run, only Ctrl-A counts. */
void console_keys_poll(void);
/* Is there console input for console_keys_poll to read (the hypervisor or an idle VM has it)? */
bool console_keys_pending(void);

#endif
