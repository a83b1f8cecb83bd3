// Word lists for plausible, deterministic B2B names and survey verbatims. Invented; any match with a real
// company is a coincidence.

export const NAME_PREFIXES = [
  'North', 'Blue', 'Silver', 'Bright', 'Cedar', 'Iron', 'Summit', 'Harbor', 'Granite', 'Apex', 'Clear', 'Pine',
  'Red', 'Stone', 'River', 'Maple', 'Falcon', 'Orbit', 'Quantum', 'Vector', 'Atlas', 'Nimbus', 'Copper', 'Lumen',
  'Polar', 'Sierra', 'Crescent', 'Beacon', 'Evergreen', 'Cobalt', 'Meridian', 'Juniper', 'Horizon', 'Keystone',
  'Oak', 'Tidal', 'Zenith', 'Aurora', 'Sparrow', 'Willow', 'Echo', 'Nova', 'Alder', 'Birch', 'Canyon', 'Delta',
  'Ember', 'Fjord', 'Glacier', 'Hollow', 'Indigo', 'Jasper', 'Kestrel', 'Lark', 'Mosaic', 'Onyx', 'Prairie',
] as const;

export const NAME_ROOTS = [
  'wind', 'peak', 'field', 'bridge', 'stone', 'gate', 'point', 'wave', 'line', 'path', 'works', 'forge', 'leaf',
  'light', 'ridge', 'view', 'shore', 'crest', 'spark', 'bay', 'mark', 'grid', 'cloud', 'flow', 'port', 'stack',
  'sync', 'scale', 'loop', 'beam',
] as const;

export const NAME_KINDS = [
  'Analytics', 'Systems', 'Logistics', 'Health', 'Software', 'Labs', 'Partners', 'Manufacturing', 'Networks',
  'Energy', 'Robotics', 'Foods', 'Media', 'Financial', 'Security', 'Learning', 'Retail', 'Biotech', 'Consulting',
  'Capital', 'Logic', 'Data', 'Industries', 'Supply',
] as const;

export const NAME_SUFFIXES = ['', '', '', ' Inc.', ' LLC', ' GmbH', ' Ltd', ' Group', ' Co.'] as const;

export const INDUSTRIES = [
  'COMPUTER_SOFTWARE', 'INFORMATION_TECHNOLOGY_AND_SERVICES', 'LOGISTICS_AND_SUPPLY_CHAIN', 'HOSPITAL_HEALTH_CARE',
  'FINANCIAL_SERVICES', 'MARKETING_AND_ADVERTISING', 'RETAIL', 'MACHINERY', 'BIOTECHNOLOGY', 'E_LEARNING',
] as const;

export const CITIES = [
  ['Boston', 'United States'], ['Austin', 'United States'], ['Denver', 'United States'], ['Chicago', 'United States'],
  ['Toronto', 'Canada'], ['Dublin', 'Ireland'], ['London', 'United Kingdom'], ['Berlin', 'Germany'],
  ['Amsterdam', 'Netherlands'], ['Paris', 'France'], ['Sydney', 'Australia'], ['Singapore', 'Singapore'],
] as const;

export const FIRST_NAMES = [
  'Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Lena', 'Omar', 'Priya', 'Lucas', 'Sofia', 'Mateo', 'Hana', 'Jonas',
  'Chloe', 'Ravi', 'Elena', 'Kai', 'Nora', 'Felix', 'Amara', 'Diego', 'Ines', 'Theo', 'Yara', 'Marcus', 'Leah',
  'Samir', 'Julia', 'Oscar', 'Mei', 'Tariq', 'Clara', 'Hugo', 'Aisha', 'Viktor', 'Grace', 'Mika', 'Rosa', 'Ben',
] as const;

export const LAST_NAMES = [
  'Patel', 'Nguyen', 'Schmidt', 'Garcia', 'Okafor', 'Kim', 'Rossi', 'Larsen', 'Cohen', 'Silva', 'Dubois', 'Novak',
  'Tanaka', 'Murphy', 'Haddad', 'Fischer', 'Lopez', 'Andersen', 'Mehta', 'Walsh', 'Costa', 'Ivanova', 'Brennan',
  'Yilmaz', 'Sato', 'Moreau', 'Bauer', 'Khan', 'Reyes', 'Lindqvist', 'Adeyemi', 'Park', 'Carter', 'Jensen', 'Mendes',
] as const;

export const JOB_TITLES = [
  'VP Operations', 'Head of Customer Success', 'IT Manager', 'Director of Finance', 'Operations Analyst',
  'Chief Operating Officer', 'Product Manager', 'Procurement Lead', 'Team Lead', 'Systems Administrator',
] as const;

export const TICKET_SUBJECTS: Record<'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT', readonly string[]> = {
  LOW: ['How do I export a report to CSV?', 'Question about user roles', 'Request: dark mode', 'Invoice copy needed',
    'Change billing contact', 'Where can I find the API docs?'],
  MEDIUM: ['Dashboard loads slowly', 'SSO login asks twice', 'Import skipped some rows', 'Email digest not arriving',
    'Wrong timezone on scheduled reports', 'Cannot invite new users'],
  HIGH: ['Sync with ERP failing since update', 'Data missing from last week', 'Users locked out after password reset',
    'Webhook deliveries delayed by hours', 'Reports show wrong totals'],
  URGENT: ['Production outage: app not loading', 'All integrations down', 'Data loss after migration',
    'Security concern: unexpected access', 'Checkout blocked for all users'],
};

export const VERBATIMS = {
  promoter: ['Great product, our team relies on it every day.', 'Support is fast and genuinely helpful.',
    'Saved us hours every week. Would recommend to any ops team.', 'Rollout was smooth and the CSM is excellent.',
    'Exactly what we needed, and it keeps getting better.'],
  passive: ['Does the job, but reporting could be more flexible.', 'Good overall; onboarding took longer than expected.',
    'Solid tool, pricing is a bit high for what we use.', 'Fine for now, missing a few integrations we need.'],
  detractor: ['Too many outages this quarter.', 'Support takes days to answer urgent issues.',
    'We are evaluating alternatives; adoption is low.', 'The last update broke our workflows.',
    'Hard to use and the team stopped logging in.'],
  positive: ['Quick and friendly help, thanks!', 'Issue solved on the first reply.', 'Very helpful agent.'],
  neutral: ['Resolved, but it took a while.', 'OK experience.'],
  negative: ['Had to explain the problem three times.', 'Still not fixed.', 'Slow response.'],
} as const;
