// Lua scripts run by Redis as one atomic step each.

/**
 * KEYS[1] counter, ARGV[1] TTL in seconds. Adds 1; only the INCR that creates the counter sets
 * its TTL, so later increments never extend the window (a fixed-window rate limit).
 */
export const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
`;

/**
 * KEYS[1] set, ARGV[1] member, ARGV[2] TTL in seconds or 0 for none. The set expires with its
 * longest-lived add: a longer TTL extends it, a shorter one leaves it, none keeps it for good.
 * (EXPIRE NX/GT alone cannot say this: GT treats a key without expiry as infinite, NX as unset.)
 */
export const SET_ADD = `
local before = redis.call('PTTL', KEYS[1])
redis.call('SADD', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2]) * 1000
if ttl == 0 then
  redis.call('PERSIST', KEYS[1])
elseif before == -2 or (before >= 0 and before < ttl) then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 1
`;
