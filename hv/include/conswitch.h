/* Who gets what is typed on the hypervisor's console: the hypervisor
 * itself (debug keys) or one VM; Ctrl-A three times in a row moves on to the
 * next, as Xen's console does. Pure state machine (host-tested); the one
 * instance lives in ASI-shared data, since a VM's exit reads its input. */
#ifndef HV_CONSWITCH_H
#define HV_CONSWITCH_H
#include <stdbool.h>

#define CONSWITCH_MAX 8
#define CONSWITCH_KEY 0x01          /* Ctrl-A */

struct conswitch {
    int target;                     /* -1: the hypervisor, else an index into ids/names */
    unsigned presses;               /* Ctrl-As in a row so far */
    unsigned n;
    unsigned ids[CONSWITCH_MAX];    /* VM ids, in creation order */
    char names[CONSWITCH_MAX][32];
};

enum cs_action { CS_DELIVER, CS_SWITCHED };

/* A VM that may get input; the first one added gets it at once. */
void conswitch_add(struct conswitch *s, unsigned vm_id, const char *name);
/* One typed character: deliver it to the current target, or (the third
 * Ctrl-A in a row) switch to the next target and swallow it. */
enum cs_action conswitch_feed(struct conswitch *s, char c);
/* A VM built again (a new id) takes the old one's place in the cycle. */
void conswitch_replace(struct conswitch *s, unsigned old_id, unsigned new_id);
/* Does VM vm_id have the input now? */
bool conswitch_owns(const struct conswitch *s, unsigned vm_id);

#endif
