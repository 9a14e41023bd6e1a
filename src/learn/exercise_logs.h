// The hidden logs of the goal check: bank histories generated from a seed (random accounts,
// owners, actors, amounts and interleavings) that keep every history rule, so the bank's own
// fold reads them. A program that hard-codes the visible log's answers fails on them.
#pragma once

#include <cstdint>

#include "core/event.h"

namespace es::learn {

// `accounts` accounts, each opened and then deposited into and withdrawn from (never below zero),
// about `events` events in all, interleaved across the accounts. The same seed gives the same log.
EventList generated_bank_log(uint64_t seed, int accounts = 5, int events = 60);

}  // namespace es::learn
