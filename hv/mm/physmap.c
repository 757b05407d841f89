/* Whether the physmap exists yet (physmap.h): a leaf, so that phys_to_virt
 * callers depend on nothing. */
#include "physmap.h"
#include "asi.h"

bool physmap_ready __asi_shared;
