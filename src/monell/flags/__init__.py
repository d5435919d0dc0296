"""Moving-force flags: the plaintiff's injury mapped to topics, each topic's training gap,
policy and notice pattern combined into a flag with its evidence chain."""
