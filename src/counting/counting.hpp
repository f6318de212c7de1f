// src/counting/ owns the lower side: communication counting with exact integers
// (docs/counting.md).
//
// The communication-counting component (SPEC §6) in one include.
#pragma once
#include "counting/architecture.hpp"
#include "counting/communication_matrix.hpp"
#include "counting/counting_bound.hpp"
#include "counting/decimal.hpp"
#include "counting/exact_power.hpp"
#include "counting/fooling_set.hpp"
#include "counting/message_bound.hpp"
#include "counting/recipe_bound.hpp"
