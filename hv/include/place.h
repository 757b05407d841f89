/* Which CPU runs a VM: xl's `cpus` list and the placement rule. Pure
 * functions (host unit tests); hv/vm/sched.c acts on them. */
#ifndef HV_PLACE_H
#define HV_PLACE_H
#include <stdint.h>
#include <stddef.h>

#define PLACE_MAX_CPUS 64

/* "all", or a comma list of N and N-M (CPU indexes 0-63), as in xl.cfg's
 * cpus = "0-3,5". Returns 0 and the mask, or -1 with err saying what is wrong. */
int cpulist_parse(const char *s, uint64_t *mask, char *err, size_t errlen);

/* The least loaded online CPU among `allowed` (0 = any), the lowest on a
 * tie; -1 when allowed names no online CPU. load[c]: vCPUs already on c. */
int sched_place(uint64_t allowed, uint64_t online, const unsigned *load, unsigned ncpus);

/* Balancing: CPU `me` has nothing runnable. From which CPU may it take a
 * waiting vCPU? runnable[c]: vCPUs runnable on CPU c, the running one
 * included; `from` restricts the candidates (CPUs with a vCPU that may run
 * on me). The busiest candidate with at least two (one keeps running there,
 * one moves), the lowest on a tie; -1: none. */
int sched_steal_from(unsigned me, uint64_t from, uint64_t online, const unsigned *runnable, unsigned ncpus);

/* Text form of a mask, "0-3,5" (for messages). */
void cpulist_format(uint64_t mask, char *buf, size_t len);

#endif
