// The web host's build of `@hubspot/ui-extensions`: Vite aliases the package here so the SAME view
// components render as DOM. Exactly the components the views and the shell use (a test keeps it so);
// prop types come from the real package, so drift shows up in `tsc`. Each component imports its own stylesheet.
export { Accordion } from './accordion';
export { Alert } from './alert';
export { Button } from './button';
export { BarChart, LineChart } from './charts';
export { DescriptionList, DescriptionListItem } from './description-list';
export { Form } from './form';
export { Divider, Flex, Tile } from './layout';
export { Link } from './link';
export { LoadingSpinner } from './loading-spinner';
export { NumberInput } from './number-input';
export { ProgressBar } from './progress-bar';
export { ScoreCircle } from './score-circle';
export { Select } from './select';
export { EmptyState, ErrorState } from './states';
export { Statistics, StatisticsItem, StatisticsTrend } from './statistics';
export { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from './table';
export { StatusTag, Tag } from './tag';
export { Heading, Text } from './text';
export { Input, TextArea } from './text-input';
export { Toggle } from './toggle';
