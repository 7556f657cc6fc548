/** Period types with stable codes: `2025`, `2025H1`, `2025Q3`, `2025M07`. */
export type PeriodType = 'year' | 'half_year' | 'quarter' | 'month';
