"""The `biddeed` command and what only it runs: demo, replay, drill, in-process materializations."""
