// corpus entry: @faker-js/faker (locale data)
import { fakerDE as faker } from '@faker-js/faker';
faker.seed(42);
console.log(typeof faker.person.firstName(), faker.helpers.arrayElement([1, 2, 3]) > 0);
