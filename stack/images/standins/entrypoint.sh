#!/bin/sh
# As the official images do: their binary is the entry point and the stack's command its flags;
# images whose official entry point runs the command as given (nginx, redis) set no binary.
if [ -n "$STANDIN_BINARY" ]; then exec "$STANDIN_BINARY" "$@"; fi
exec "$@"
