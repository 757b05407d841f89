/* A test-and-test-and-set spinlock. The hypervisor runs with interrupts
 * off, so no irqsave variant; NMI handlers take no lock. Lock order and
 * who holds what: docs/smp.md. No lock is taken on the VM-exit fast path. */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H
#include <stdint.h>

struct spinlock {
    volatile uint32_t locked;
};

static inline void spin_lock(struct spinlock *l)
{
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
            __asm__ volatile("pause");
}

static inline void spin_unlock(struct spinlock *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
