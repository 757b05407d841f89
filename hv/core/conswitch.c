/* Console input switching (conswitch.h). */
#include "conswitch.h"

void conswitch_add(struct conswitch *s, unsigned vm_id, const char *name)
{
    if (s->n == CONSWITCH_MAX)
        return;
    s->ids[s->n] = vm_id;
    unsigned i = 0;
    for (; name[i] && i < sizeof(s->names[0]) - 1; i++)
        s->names[s->n][i] = name[i];
    s->names[s->n][i] = 0;
    if (s->n++ == 0)
        s->target = 0;              /* as before there was switching: the first VM types */
}

enum cs_action conswitch_feed(struct conswitch *s, char c)
{
    if (c != CONSWITCH_KEY) {
        s->presses = 0;
        return CS_DELIVER;
    }
    if (++s->presses < 3)
        return CS_DELIVER;          /* Ctrl-A still means Ctrl-A to whoever has the input */
    s->presses = 0;
    s->target = s->target + 1 < (int)s->n ? s->target + 1 : -1;
    return CS_SWITCHED;
}

bool conswitch_owns(const struct conswitch *s, unsigned vm_id)
{
    return s->target >= 0 && s->ids[s->target] == vm_id;
}

void conswitch_replace(struct conswitch *s, unsigned old_id, unsigned new_id)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->ids[i] == old_id)
            s->ids[i] = new_id;     /* same name, same place in the cycle; input stays where it was */
}
