"""Read and acknowledge (遵章守制): who must read a version in force, who has, and who follows a rule."""
