SELECT program_id, name AS program_name FROM program
