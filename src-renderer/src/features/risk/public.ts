/** What other features use of risk (the book scope and who may see books); the panels are listed in index.ts. */
export { BOOK_ROLES } from './book-roles';
export { useRisk, type BookScope } from './risk-state';
export { ScopePicker } from './ScopePicker';
export { FeeSetting } from './FeeSetting';
export { GuardEditor } from './panels/GuardEditor';
export { RiskDefaultsForm } from './RiskDefaultsForm';
export { refreshPeople, usePeople } from './people';
export { eur } from './risk-format';
export { UserPortfolioCell, useUserPortfolios } from './UserPortfolios';
