// The starting code and reference solutions of the exercises (exercise_code.h), as Lua text.
// The event fields they use are the ones fold_exercise.cpp hands to Lua (docs/LESSONS.md lists them).
#include "learn/exercise_code.h"

namespace es::learn {

namespace {

constexpr std::string_view kFoldStart = R"lua(-- apply(account, event) folds one event into one account.
-- It runs for every event of each account's stream, oldest first,
-- starting from an empty table {}. Money is whole cents: 5000 is $50.00.
function apply(account, event)
  if event.type == "AccountCreated" then
    account.exists = true
    account.owner = event.owner
    account.balance = 0
  elseif event.type == "MoneyDeposited" then
    -- the deposit's event.amount goes into the balance
  elseif event.type == "MoneyWithdrawn" then
    -- and a withdrawal's comes out of it
  end
  return account
end
)lua";

constexpr std::string_view kFoldSolution = R"lua(-- apply(account, event) folds one event into one account.
-- It runs for every event of each account's stream, oldest first,
-- starting from an empty table {}. Money is whole cents: 5000 is $50.00.
function apply(account, event)
  if event.type == "AccountCreated" then
    account.exists = true
    account.owner = event.owner
    account.balance = 0
  elseif event.type == "MoneyDeposited" or event.type == "TransferReceived" then
    account.balance = account.balance + event.amount
  elseif event.type == "MoneyWithdrawn" or event.type == "TransferSent"
      or event.type == "DepositReversed" then
    account.balance = account.balance - event.amount
  end
  print(string.format("#%d %s: balance %d cents", event.position, event.type, account.balance))
  return account
end
)lua";

constexpr std::string_view kLargestStart = R"lua(-- project(model, event) runs once for every event of the log, oldest
-- first, always with the same model table (it starts as {}).
-- Build: model[accountId] = that account's largest withdrawal, in cents.
function project(model, event)
  if event.type == "MoneyWithdrawn" then
    -- keep event.amount when it is larger than what model[event.accountId] holds
  end
  return model
end
)lua";

constexpr std::string_view kLargestSolution = R"lua(-- project(model, event) runs once for every event of the log, oldest
-- first, always with the same model table (it starts as {}).
-- Build: model[accountId] = that account's largest withdrawal, in cents.
function project(model, event)
  if event.type == "MoneyWithdrawn" then
    local largest = model[event.accountId] or 0
    if event.amount > largest then
      model[event.accountId] = event.amount
    end
  end
  return model
end
)lua";

constexpr std::string_view kByActorStart = R"lua(-- project(model, event) runs once for every event of the log, oldest
-- first, always with the same model table (it starts as {}).
-- Build: model[actor] = the cents deposited by that actor (event.actor).
function project(model, event)
  if event.type == "MoneyDeposited" then
    -- add event.amount to model[event.actor] (nil until the first one)
  end
  return model
end
)lua";

constexpr std::string_view kByActorSolution = R"lua(-- project(model, event) runs once for every event of the log, oldest
-- first, always with the same model table (it starts as {}).
-- Build: model[actor] = the cents deposited by that actor (event.actor).
function project(model, event)
  if event.type == "MoneyDeposited" then
    model[event.actor] = (model[event.actor] or 0) + event.amount
  end
  return model
end
)lua";

constexpr std::string_view kDomainStart = R"lua(-- apply(state, event) folds one event of your own stream into its state,
-- oldest first, starting from {}. event.type is the type you recorded,
-- event.text its text and event.time its time.
function apply(state, event)
  if event.type == "SeatReserved" then
    state.seat = event.text
    state.status = "reserved"
  end
  -- one branch for each event type of your domain
  return state
end
)lua";

constexpr std::string_view kDomainSolution = R"lua(-- apply(state, event) folds one event of your own stream into its state,
-- oldest first, starting from {}. event.type is the type you recorded,
-- event.text its text and event.time its time.
function apply(state, event)
  if event.type == "SeatReserved" then
    state.seat = event.text
    state.status = "reserved"
  elseif event.type == "PaymentReceived" then
    state.payment = event.text
    state.status = "paid"
  elseif event.type == "TicketIssued" then
    state.ticket = event.text
    state.status = "ticketed"
  else
    state.status = event.type  -- any other type of your domain
  end
  state.events = (state.events or 0) + 1
  state.since = event.time
  return state
end
)lua";

bool by_actor(std::string_view model) { return model == "deposits-by-actor"; }

}  // namespace

std::string_view starting_code(Exercise exercise, std::string_view model) {
    switch (exercise) {
        case Exercise::AccountFold: return kFoldStart;
        case Exercise::ReadModel: return by_actor(model) ? kByActorStart : kLargestStart;
        case Exercise::DomainFold: return kDomainStart;
    }
    return kFoldStart;
}

std::string_view solution_code(Exercise exercise, std::string_view model) {
    switch (exercise) {
        case Exercise::AccountFold: return kFoldSolution;
        case Exercise::ReadModel: return by_actor(model) ? kByActorSolution : kLargestSolution;
        case Exercise::DomainFold: return kDomainSolution;
    }
    return kFoldSolution;
}

}  // namespace es::learn
